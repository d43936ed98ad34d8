//! The family plan: reading a plan document into a typed [`model::Plan`], and exporting it.

pub mod content;
pub mod export;
pub mod model;
pub mod read;
pub mod versions;
