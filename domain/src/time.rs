//! Time as kinplan stores it (Unix milliseconds) and shows it (RFC 3339).

use chrono::{DateTime, Utc};

/// Unix milliseconds as RFC 3339, as the API and exports show times.
pub fn timestamp(millis: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_default().to_rfc3339()
}

/// The day (YYYY-MM-DD, UTC) of Unix milliseconds, as kinplan records days.
pub fn day(millis: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(millis).unwrap_or_default().date_naive().to_string()
}
