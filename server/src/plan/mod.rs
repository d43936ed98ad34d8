//! The family plan: reading a plan document into a typed [`model::Plan`], and exporting it.

pub mod export;
pub mod model;
