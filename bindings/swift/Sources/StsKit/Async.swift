import Foundation

/// Runs a blocking native call for an `async` caller.
///
/// The call runs on a thread of its own, not on the Swift concurrency pool: that pool has one
/// thread per core, and parking it in network calls would starve every other task. (Dispatch's
/// queues are no better on Linux, where they too keep to about one thread per core.) Cancelling
/// the calling task resumes it at once with `CancellationError`; the native call cannot be
/// interrupted, so it finishes in the background (its client kept alive by the closure) and its
/// result is dropped.
func runBlocking<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try Task.checkCancellation()
    let call = BlockingCall<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, Error>) in
            guard call.install(continuation) else { return }
            let thread = Thread {
                call.finish(Result { try work() })
            }
            thread.name = "stskit-call"
            thread.stackSize = 2 << 20  // what Rust gives its own threads
            thread.qualityOfService = .userInitiated
            thread.start()
        }
    } onCancel: {
        call.cancel()
    }
}

/// The continuation of one blocking call, resumed exactly once: by the result or by cancellation,
/// whichever comes first.
private final class BlockingCall<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, Error>?
    private var cancelled = false

    /// Stores the continuation; false (and resumed with CancellationError) if already cancelled.
    func install(_ continuation: CheckedContinuation<Value, Error>) -> Bool {
        lock.lock()
        if cancelled {
            lock.unlock()
            continuation.resume(throwing: CancellationError())
            return false
        }
        self.continuation = continuation
        lock.unlock()
        return true
    }

    func finish(_ result: Result<Value, Error>) {
        take()?.resume(with: result)
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        take()?.resume(throwing: CancellationError())
    }

    private func take() -> CheckedContinuation<Value, Error>? {
        lock.lock()
        defer { lock.unlock() }
        let taken = continuation
        continuation = nil
        return taken
    }
}
