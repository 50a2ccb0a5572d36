//! Events the platform pushes: [`Event`] (either schema, typed on demand from the spec's
//! event table).

mod event;

pub(crate) use event::Parsed;
pub use event::{Event, EventError, EventSchema};
