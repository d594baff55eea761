package dev.stskit.internal

import java.lang.ref.PhantomReference
import java.lang.ref.ReferenceQueue
import java.util.Collections
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * Owns one native handle (uniffi's pattern, style.md §11):
 * - [use] counts the call in flight, so [close] never frees a handle a call is using: the last
 *   of (close, in-flight calls) to finish frees it, exactly once;
 * - [close] is idempotent; calls started after it throw [IllegalStateException];
 * - a cleaner frees the handle if the owner is garbage-collected without [close] (its action
 *   holds only the raw handle and a static free function, never the owner);
 * - [use] keeps this object reachable until the native call has returned, so the cleaner can
 *   never run during a call.
 */
internal class NativeHandle(private val raw: Long, free: (Long) -> Unit, private val what: String) : AutoCloseable {
    private val calls = AtomicLong(1) // 1 for the owner's reference, +1 per call in flight
    private val closed = AtomicBoolean(false)
    private val cleanable = StsCleaner.register(this, Freer(raw, free))

    /** Runs [block] with the raw handle, keeping it alive and valid until [block] returns. */
    fun <R> use(block: (Long) -> R): R {
        while (true) {
            if (closed.get()) throw IllegalStateException("stskit: the $what is closed")
            val n = calls.get()
            if (n == 0L) throw IllegalStateException("stskit: the $what is closed")
            if (n == Long.MAX_VALUE) throw IllegalStateException("stskit: too many calls in flight on the $what")
            if (calls.compareAndSet(n, n + 1)) break
        }
        try {
            return block(raw)
        } finally {
            if (calls.decrementAndGet() == 0L) cleanable.clean()
            Reachability.fence(this)
        }
    }

    val isClosed: Boolean get() = closed.get()

    override fun close() {
        if (closed.compareAndSet(false, true) && calls.decrementAndGet() == 0L) cleanable.clean()
    }

    /** The cleaner action: frees the handle once. Holds no reference to the owner. */
    private class Freer(private val raw: Long, private val free: (Long) -> Unit) : Runnable {
        override fun run() = free(raw)
    }
}

/** Registers cleanup actions that run when an object becomes phantom-reachable, or on [Cleanable.clean]. */
internal interface StsCleaner {
    fun interface Cleanable {
        /** Runs the action now if it has not run yet; at most once. */
        fun clean()
    }

    fun register(owner: Any, action: Runnable): Cleanable

    companion object {
        /**
         * `java.lang.ref.Cleaner` where it exists (Java 9+, Android API 33+), else a
         * PhantomReference queue drained by a daemon thread. `-Ddev.stskit.cleaner=phantom` forces
         * the fallback.
         */
        val instance: StsCleaner by lazy {
            if (System.getProperty("dev.stskit.cleaner") == "phantom") {
                PhantomCleaner()
            } else {
                try {
                    JavaLangRefCleaner()
                } catch (t: Throwable) { // NoClassDefFoundError on Android < 33, LinkageError, ...
                    PhantomCleaner()
                }
            }
        }

        fun register(owner: Any, action: Runnable): Cleanable = instance.register(owner, action)
    }
}

/** Uses `java.lang.ref.Cleaner`; only instantiated where that class exists (selected at runtime). */
@Suppress("NewApi")
internal class JavaLangRefCleaner : StsCleaner {
    private val cleaner = java.lang.ref.Cleaner.create()

    override fun register(owner: Any, action: Runnable): StsCleaner.Cleanable {
        val c = cleaner.register(owner, SafeAction(action))
        return StsCleaner.Cleanable { c.clean() }
    }
}

/** The fallback for runtimes without `java.lang.ref.Cleaner` (Android before API 33). */
internal class PhantomCleaner : StsCleaner {
    private val queue = ReferenceQueue<Any>()
    private val pending: MutableSet<Ref> = Collections.newSetFromMap(ConcurrentHashMap())

    private inner class Ref(owner: Any, private val action: Runnable) : PhantomReference<Any>(owner, queue), StsCleaner.Cleanable {
        private val done = AtomicBoolean(false)

        override fun clean() {
            if (done.compareAndSet(false, true)) {
                pending.remove(this)
                clear()
                action.run()
            }
        }
    }

    init {
        val t = Thread({
            while (true) {
                try {
                    (queue.remove() as? StsCleaner.Cleanable)?.clean()
                } catch (_: InterruptedException) {
                    // keep draining: handles must still be freed
                } catch (_: Throwable) {
                }
            }
        }, "stskit-cleaner")
        t.isDaemon = true
        t.start()
    }

    override fun register(owner: Any, action: Runnable): StsCleaner.Cleanable =
        Ref(owner, SafeAction(action)).also { pending.add(it) }

    /** For tests: registrations whose action has not run yet. */
    val pendingCount: Int get() = pending.size
}

/** A cleanup action must never throw into the cleaner thread. */
private class SafeAction(private val action: Runnable) : Runnable {
    override fun run() {
        try {
            action.run()
        } catch (_: Throwable) {
        }
    }
}

/**
 * Keeps an object strongly reachable up to this call: `Reference.reachabilityFence` where it exists
 * (Java 9+, Android API 28+), else a synchronized no-op on the object, which the runtime must not
 * move before the preceding native call.
 */
internal object Reachability {
    private val hasFence: Boolean = try {
        Java9Fence.fence(Any())
        true
    } catch (t: Throwable) {
        false
    }

    @JvmStatic
    fun fence(obj: Any) {
        if (hasFence) Java9Fence.fence(obj) else synchronized(obj) {}
    }

    /** Whether `Reference.reachabilityFence` is in use (for tests). */
    val usesReachabilityFence: Boolean get() = hasFence
}

@Suppress("NewApi")
private object Java9Fence {
    fun fence(obj: Any?) = java.lang.ref.Reference.reachabilityFence(obj)
}
