package dev.stskit.internal

import dev.stskit.AssumedRoleUser
import dev.stskit.Credentials
import dev.stskit.ResponseMetadata
import dev.stskit.StskitMember
import dev.stskit.StskitOutput

/**
 * Writes a request as the flat arrays the native side replays onto its request (src/jni/request.rs):
 * `codes` holds (tag, member, int) triples, `strings` (first, second) pairs. Required members are
 * always written, so an empty value fails the core's validation with the member's name.
 */
internal class RequestEncoder {
    private var codes = IntArray(3 * 16)
    private var count = 0
    private val strings = ArrayList<String?>(2 * 16)

    private fun add(tag: Int, member: StskitMember, value: Int, first: String?, second: String?) {
        if (3 * count + 3 > codes.size) codes = codes.copyOf(codes.size * 2)
        codes[3 * count] = tag
        codes[3 * count + 1] = member.value
        codes[3 * count + 2] = value
        strings.add(first)
        strings.add(second)
        count++
    }

    fun string(member: StskitMember, value: String?) {
        if (value != null) add(SET_STRING, member, 0, value, null)
    }

    fun int(member: StskitMember, value: Int?) {
        if (value != null) add(SET_INT, member, value, null, null)
    }

    /** `null` leaves the list out; an empty list is sent as an explicit empty list. */
    fun list(member: StskitMember, items: List<String>?) {
        when {
            items == null -> {}
            items.isEmpty() -> add(EMPTY_LIST, member, 0, null, null)
            else -> items.forEach { add(ADD_STRING, member, 0, it, null) }
        }
    }

    /** Items of a list the core has no "explicit empty" form for (GetWebIdentityToken's Audience). */
    fun items(member: StskitMember, items: List<String>) {
        items.forEach { add(ADD_STRING, member, 0, it, null) }
    }

    fun <T> pairs(member: StskitMember, items: List<T>?, split: (T) -> Pair<String, String>) {
        when {
            items == null -> {}
            items.isEmpty() -> add(EMPTY_LIST, member, 0, null, null)
            else -> items.forEach { val (a, b) = split(it); add(ADD_PAIR, member, 0, a, b) }
        }
    }

    fun codes(): IntArray = codes.copyOf(3 * count)

    fun strings(): Array<String?> = strings.toTypedArray()

    companion object {
        const val SET_STRING = 1
        const val SET_INT = 2
        const val ADD_STRING = 3
        const val ADD_PAIR = 4
        const val EMPTY_LIST = 5
    }
}

/** The arrays the native side fills with a response (src/jni/response.rs). */
internal class ResponseSlots {
    val strings: Array<String?> = arrayOfNulls(STRINGS_LEN)
    val longs: LongArray = LongArray(LONGS_LEN)

    fun string(o: StskitOutput): String? = strings[o.value]

    val packedPolicySize: Int? get() = longs[2].takeIf { it != ABSENT }?.toInt()

    val expirationEpochMillis: Long? get() = longs[3].takeIf { it != ABSENT }

    val metadata: ResponseMetadata get() = ResponseMetadata(strings[REQUEST_ID] ?: "", longs[0].toInt(), longs[1])

    val credentials: Credentials
        get() {
            check(longs[5] == 1L) { "stskit: the response carries no credentials" }
            return Credentials(strings[ACCESS_KEY_ID]!!, strings[ACCESS_KEY_ID + 1]!!, strings[ACCESS_KEY_ID + 2], longs[4].takeIf { it != ABSENT })
        }

    val assumedRoleUser: AssumedRoleUser?
        get() {
            val id = string(StskitOutput.ASSUMED_ROLE_ID) ?: return null
            return AssumedRoleUser(id, string(StskitOutput.ASSUMED_ROLE_ARN) ?: "")
        }

    companion object {
        const val ACCESS_KEY_ID = 19
        const val REQUEST_ID = 22
        const val STRINGS_LEN = 23
        const val LONGS_LEN = 6
        const val ABSENT = Long.MIN_VALUE

        /** Credentials as the provider's native methods return them: strings[0..3], longs[0]. */
        fun credentials(strings: Array<String?>, longs: LongArray): Credentials =
            Credentials(strings[0]!!, strings[1]!!, strings[2], longs[0].takeIf { it != ABSENT })
    }
}
