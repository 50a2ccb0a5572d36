//! The types of the event table in `operations.rs` (its values are generated from the
//! callbacks of the spec; see `ops::EVENTS`).

/// What `subscribe_events` takes to turn an event on: one item of its `events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription {
    /// Its `type`, e.g. `helpdesk.ticket_message`.
    pub event_type: &'static str,
    /// Its `subtype`, e.g. `ticket_message.created_v1`.
    pub subtype: &'static str,
}

/// Everything the spec says of one event type the platform pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventKind {
    /// The `header.event_type`, e.g. `helpdesk.ticket.created_v1`.
    pub event_type: &'static str,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// How `subscribe_events` turns it on; `None` when it needs no such call.
    pub subscribe: Option<Subscription>,
}

/// The event type named `event_type`, if the spec describes it.
pub fn find_event(event_type: &str) -> Option<&'static EventKind> {
    crate::ops::EVENTS
        .iter()
        .copied()
        .find(|e| e.event_type == event_type)
}
