//! Events the platform pushes: [`Event`] (either schema, typed on demand from the spec's
//! event table), and [`Client::subscribe_events`](crate::Client::subscribe_events).

mod event;
mod subscribe;

pub(crate) use event::Parsed;
pub use event::{Event, EventError, EventSchema};
