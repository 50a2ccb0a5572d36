//! `subscribe_events` and `unsubscribe_events` for event types named by the spec's event
//! table: the body is built from each type's `x-subscribe`, so the caller names events,
//! not the platform's `type` / `subtype` strings.

use lark_helpdesk_api::{EventKind, ops};
use serde_json::json;

use crate::{Client, Error};

impl Client {
    /// Turns on the delivery of `events` to the app (for the helpdesk of the client's
    /// helpdesk credential), with one `subscribe_events` call; the event types that need
    /// no such call (no `x-subscribe` in the spec) are left out. Returns the event types
    /// subscribed. Repeating it is harmless (the spec marks it idempotent).
    ///
    /// The platform also needs the events added in the app's event settings and the
    /// `helpdesk:all:readonly` scope.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of the call.
    pub async fn subscribe_events(
        &self,
        events: &[&'static EventKind],
    ) -> Result<Vec<&'static EventKind>, Error> {
        self.events_call(&ops::SUBSCRIBE_EVENTS, events).await
    }

    /// Turns off the delivery of `events` (`unsubscribe_events`), as
    /// [`subscribe_events`](Self::subscribe_events) turns it on.
    ///
    /// # Errors
    ///
    /// Any [`Error`] of the call.
    pub async fn unsubscribe_events(
        &self,
        events: &[&'static EventKind],
    ) -> Result<Vec<&'static EventKind>, Error> {
        self.events_call(&ops::UNSUBSCRIBE_EVENTS, events).await
    }

    async fn events_call(
        &self,
        operation: &'static lark_helpdesk_api::Operation,
        events: &[&'static EventKind],
    ) -> Result<Vec<&'static EventKind>, Error> {
        let (kinds, items) = subscription_body(events);
        if !items.is_empty() {
            self.operation(operation)
                .body(&json!({ "events": items }))
                .send()
                .await?;
        }
        Ok(kinds)
    }
}

/// The event types of `events` that take a subscription call, each once, and the items
/// of the body that subscribes them.
fn subscription_body(
    events: &[&'static EventKind],
) -> (Vec<&'static EventKind>, Vec<serde_json::Value>) {
    let mut kinds: Vec<&'static EventKind> = Vec::new();
    for event in events {
        if event.subscribe.is_some() && !kinds.iter().any(|k| k.event_type == event.event_type) {
            kinds.push(event);
        }
    }
    let items = kinds
        .iter()
        .filter_map(|k| k.subscribe)
        .map(|s| json!({ "type": s.event_type, "subtype": s.subtype }))
        .collect();
    (kinds, items)
}

#[cfg(test)]
mod tests {
    use super::subscription_body;
    use lark_helpdesk_api::ops;
    use serde_json::json;

    #[test]
    fn the_body_comes_from_the_spec_and_skips_events_without_a_subscription() {
        let (kinds, items) = subscription_body(&[
            &ops::ON_TICKET_MESSAGE_CREATED_V1,
            &ops::ON_NOTIFICATION_APPROVE_V1,
            &ops::ON_TICKET_MESSAGE_CREATED_V1,
            &ops::ON_TICKET_CREATED_V1,
        ]);
        assert_eq!(
            kinds,
            vec![
                &ops::ON_TICKET_MESSAGE_CREATED_V1,
                &ops::ON_TICKET_CREATED_V1
            ]
        );
        assert_eq!(
            items,
            vec![
                json!({"type": "helpdesk.ticket_message", "subtype": "ticket_message.created_v1"}),
                json!({"type": "helpdesk.ticket", "subtype": "ticket.created_v1"}),
            ]
        );
        assert!(
            subscription_body(&[&ops::ON_NOTIFICATION_APPROVE_V1])
                .1
                .is_empty()
        );
    }
}
