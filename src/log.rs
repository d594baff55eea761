//! The logging hook: a level and a message, handed to a callback the application installs.
//!
//! Messages are composed only from non-secret data (operation, endpoint, status, error codes,
//! delays); request bodies, headers and credentials never reach the hook.

use std::fmt;
use std::sync::Arc;

/// Log levels, with stable numbers for the C ABI.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
}

pub type LogFn = dyn Fn(LogLevel, &str) + Send + Sync;

/// A callback and the most verbose level it wants.
#[derive(Clone)]
pub struct Logger {
    sink: Arc<LogFn>,
    max_level: LogLevel,
}

impl Logger {
    pub fn new(max_level: LogLevel, sink: impl Fn(LogLevel, &str) + Send + Sync + 'static) -> Self {
        Logger { sink: Arc::new(sink), max_level }
    }

    pub fn enabled(&self, level: LogLevel) -> bool {
        level <= self.max_level
    }

    pub fn log(&self, level: LogLevel, args: fmt::Arguments<'_>) {
        if self.enabled(level) {
            (self.sink)(level, &args.to_string());
        }
    }
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logger").field("max_level", &self.max_level).finish_non_exhaustive()
    }
}

/// Logs through an optional logger without formatting when nobody listens.
macro_rules! log_at {
    ($logger:expr, $level:expr, $($arg:tt)*) => {
        if let Some(l) = $logger.as_ref() {
            if l.enabled($level) {
                l.log($level, format_args!($($arg)*));
            }
        }
    };
}
pub(crate) use log_at;
