package dev.stskit.internal

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asExecutor
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * Runs a blocking native call on [Dispatchers.IO] and suspends until it returns. Cancelling the
 * caller resumes it at once with `CancellationException`; the native call (which cannot be
 * interrupted) finishes in the background and its result is dropped. The handle stays valid for
 * it because [NativeHandle.use] counts it as in flight.
 */
internal suspend fun <T> onIo(block: () -> T): T {
    currentCoroutineContext().ensureActive()
    return suspendCancellableCoroutine { cont ->
        Dispatchers.IO.asExecutor().execute {
            if (cont.isActive) cont.resumeWith(runCatching(block))
        }
    }
}
