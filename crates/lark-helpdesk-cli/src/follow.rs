//! `export --follow`: after the export, DIR is kept current from the platform's events.
//!
//! An event says which ticket changed; what is written comes from the API, as in an
//! export: the ticket is listed with the export's filters and its id (so that its file
//! is what a fresh export writes, and a ticket outside the filters is left out), and its
//! messages are fetched from the last one held (each written once). Events for a ticket
//! already being fetched are folded into one more fetch after it.
//!
//! Events can be lost (a delivery given up by the platform, a kill between the answer
//! and the write): an incremental run of the export (the reconcile) catches what they
//! missed, at start, after every reconnect of the long connection, and every
//! `--reconcile-every`. No ticket is fetched by an event while a reconcile runs (events
//! wait), so that one ticket's files are never written by two tasks. Ctrl-C finishes
//! the fetches in hand and leaves DIR as a finished export.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Write;
use std::sync::Arc;

use futures::stream::FuturesUnordered;
use futures::{StreamExt, TryStreamExt};
use lark_helpdesk::{Client, Event, EventData};
use tokio::sync::watch;

use crate::args::ExportArgs;
use crate::events::Listening;
use crate::exit::CliError;
use crate::export::images::Refusal;
use crate::export::{Synced, check_filters, rerun_repairs, sync, sync_ticket};
use crate::output::count;
use crate::signals::{Signals, until_cancelled};
use crate::store::{Manifest, Store};

/// What an event asks of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Fetch it again (created or updated): its messages only if it changed.
    Ticket,
    /// It has a new message: its messages even if the ticket reads the same.
    Messages,
}

/// The ticket an event is about, and what it needs; `None` for an event that changes
/// nothing an export holds.
pub(crate) fn ticket_of(event: &Event) -> Option<(String, Need)> {
    let data = match event.data() {
        Some(Ok(data)) => data,
        Some(Err(e)) => {
            tracing::warn!(event_id = event.id(), event_type = event.event_type(), error = %e,
                "an event whose fields do not have the spec's types: left to the next reconcile");
            return None;
        }
        None => return None,
    };
    let (id, need) = match data {
        EventData::TicketCreatedV1(ticket) => (ticket.ticket_id, Need::Ticket),
        EventData::TicketUpdatedV1(update) => {
            (update.object.and_then(|o| o.ticket_id), Need::Ticket)
        }
        EventData::TicketMessageCreatedV1(message) => {
            (message.ticket.and_then(|t| t.ticket_id), Need::Messages)
        }
        _ => return None,
    };
    id.filter(|id| !id.is_empty()).map(|id| (id, need))
}

/// The tickets waiting for a fetch, in the order their first event came, each once.
#[derive(Default)]
pub(crate) struct Pending {
    order: VecDeque<String>,
    needs: HashMap<String, Need>,
}

impl Pending {
    /// Adds `id`; a ticket already waiting keeps its place and needs the most of both.
    pub(crate) fn add(&mut self, id: String, need: Need) {
        match self.needs.get_mut(&id) {
            Some(held) => {
                if need == Need::Messages {
                    *held = Need::Messages;
                }
            }
            None => {
                self.needs.insert(id.clone(), need);
                self.order.push_back(id);
            }
        }
    }

    /// The first waiting ticket not in `busy`.
    pub(crate) fn next(&mut self, busy: &HashSet<String>) -> Option<(String, Need)> {
        let at = self.order.iter().position(|id| !busy.contains(id))?;
        let id = self.order.remove(at)?;
        let need = self.needs.remove(&id)?;
        Some((id, need))
    }

    /// How many tickets wait.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

/// Runs `export --follow`: DIR locked, events listened to, then the first reconcile (so
/// that no event of the time it runs is missed), then events until Ctrl-C.
pub async fn run(client: &Client, args: &ExportArgs) -> Result<(), CliError> {
    if !crate::export::chosen_parts(args).contains(&crate::export::parts::TICKETS) {
        return Err(CliError::Usage {
            message: "--follow keeps the tickets current from events: it needs the tickets part"
                .into(),
            hint: Some("drop tickets from --skip, or add it to --only".into()),
        });
    }
    let (store, held) = Store::open(&args.output)?;
    check_filters(held.as_ref(), args)?;
    let store = Arc::new(store);
    let mut listening = crate::events::start(client, &args.events).await?;
    let refusal = Refusal::default();
    let result = follow(client, args, &store, held, &mut listening, &refusal).await;
    let left = listening.stop().await;
    let outcome = match result {
        Ok(Stopped {
            manifest,
            applied,
            waiting,
        }) => {
            leave(&store, manifest, &refusal)?;
            let left = if left + waiting > 0 {
                format!(
                    "; {} and {} waiting left to the next run",
                    count(left as u64, "event", "events"),
                    count(waiting as u64, "ticket", "tickets")
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                std::io::stderr(),
                "stopped following: {} brought up to date by events{left}; {} is a finished export",
                count(applied, "ticket", "tickets"),
                args.output.display()
            );
            Ok(())
        }
        Err(Failed { error, finished }) => {
            // DIR as the last reconcile left it, plus what events brought since: whole
            // files, and `tickets.ndjson` rebuilt to hold them.
            if let Some(manifest) = finished {
                leave(&store, manifest, &refusal)?;
            }
            Err(error)
        }
    };
    outcome.map_err(|e| rerun_repairs(e, &args.output))
}

/// How following ended well: the manifest of the last reconcile, tickets updated by
/// events.
struct Stopped {
    manifest: Manifest,
    applied: u64,
    /// Tickets that events named and were not fetched yet.
    waiting: usize,
}

/// How following failed: the error, and the manifest of the last finished reconcile
/// (`None` while none has finished: DIR is then left as a stopped export).
struct Failed {
    error: CliError,
    finished: Option<Manifest>,
}

/// Writes `manifest` (a finished one) back after rebuilding `tickets.ndjson`: DIR is a
/// finished export whose next run lists from `manifest.synced_at`.
fn leave(store: &Store, mut manifest: Manifest, refusal: &Refusal) -> Result<(), CliError> {
    manifest.tickets = store.finish()?;
    // Events brought tickets and images since the last reconcile counted them.
    if let Some(tickets) = manifest.parts.get_mut(crate::export::parts::TICKETS) {
        tickets.items = manifest.tickets;
    }
    if let Some(images) = manifest.parts.get_mut(crate::export::images::PART) {
        images.items =
            crate::export::images::count_files(&store.dir().join(crate::export::images::PART))?;
        if let Some(reason) = refusal.reason() {
            // Messages were written without their images: the next run gives them.
            images.synced_at = None;
            images.skipped = Some(reason);
        }
    }
    manifest.finished = true;
    manifest.written_at = jiff::Timestamp::now();
    store.write_manifest(&manifest)
}

async fn follow(
    client: &Client,
    args: &ExportArgs,
    store: &Arc<Store>,
    held: Option<Manifest>,
    listening: &mut Listening,
    refusal: &Refusal,
) -> Result<Stopped, Failed> {
    let signals = Signals::watch();
    let cancelled = signals.cancelled();
    let mut pending = Pending::default();
    let fail = |finished: Option<Manifest>| move |error| Failed { error, finished };
    let finished_before = held.clone().filter(|m| m.finished);
    let mut manifest = reconcile(
        client,
        args,
        store,
        held,
        &cancelled,
        listening,
        &mut pending,
    )
    .await
    .map_err(fail(finished_before))?;
    let mut applied = 0u64;
    let mut next_reconcile = later(args.reconcile_every);
    let mut busy: HashSet<String> = HashSet::new();
    let mut fetches = FuturesUnordered::new();
    let concurrency = usize::from(args.concurrency);
    let images = crate::export::chosen_parts(args)
        .contains(&crate::export::images::PART)
        .then(|| refusal.clone());
    let mut reconcile_due = false;
    let _ = writeln!(
        std::io::stderr(),
        "following events into {} (Ctrl-C to stop)",
        args.output.display()
    );
    loop {
        let stopping = *cancelled.borrow();
        // Start what can start: not while a reconcile waits for the fetches to end.
        while !stopping && !reconcile_due && fetches.len() < concurrency {
            let Some((id, need)) = pending.next(&busy) else {
                break;
            };
            busy.insert(id.clone());
            let (client, store, filters, cancelled, images) = (
                client.clone(),
                Arc::clone(store),
                args.filters.clone(),
                cancelled.clone(),
                images.clone(),
            );
            fetches.push(async move {
                let outcome = apply(&client, &store, &filters, &id, need, images, cancelled).await;
                (id, outcome)
            });
        }
        if stopping {
            break;
        }
        if reconcile_due && fetches.is_empty() {
            let previous = manifest.clone();
            manifest = match reconcile(
                client,
                args,
                store,
                Some(manifest),
                &cancelled,
                listening,
                &mut pending,
            )
            .await
            {
                Ok(manifest) => manifest,
                // Stopped mid-reconcile: DIR goes back to the last one, which its next
                // run continues from.
                Err(CliError::Interrupted(_)) => {
                    manifest = previous;
                    break;
                }
                Err(error) => return Err(fail(Some(previous))(error)),
            };
            reconcile_due = false;
            next_reconcile = later(args.reconcile_every);
            continue;
        }
        let mut stop = cancelled.clone();
        tokio::select! {
            biased;
            () = until_cancelled(&mut stop) => {}
            Some((id, outcome)) = fetches.next(), if !fetches.is_empty() => {
                busy.remove(&id);
                match outcome {
                    Ok(true) => applied += 1,
                    Ok(false) => {}
                    // The next reconcile brings what this fetch did not.
                    Err(error) => {
                        tracing::warn!(ticket = %id, error = ?error,
                            "a ticket could not be fetched: left to a reconcile");
                        reconcile_due = true;
                    }
                }
            }
            event = listening.events.recv() => match event {
                Some(event) => take(&event, &mut pending),
                None => {
                    return Err(fail(Some(manifest))(listening.ended().await));
                }
            },
            Ok(()) = listening.reconnects.changed(), if !reconcile_due => reconcile_due = true,
            () = tokio::time::sleep_until(next_reconcile), if !reconcile_due => reconcile_due = true,
        }
    }
    // Ctrl-C: the fetches in hand finish (each stops at its next page).
    while let Some((_, outcome)) = fetches.next().await {
        if let Err(error) = outcome {
            tracing::warn!(error = ?error, "a ticket could not be fetched: left to the next run");
        }
    }
    Ok(Stopped {
        manifest,
        applied,
        waiting: pending.len(),
    })
}

/// `every` from now, or far away when that is past what a clock holds.
fn later(every: std::time::Duration) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    now.checked_add(every)
        .unwrap_or_else(|| now + std::time::Duration::from_secs(365 * 24 * 3600))
}

/// Adds the ticket `event` is about to `pending`.
fn take(event: &Event, pending: &mut Pending) {
    match ticket_of(event) {
        Some((id, need)) => pending.add(id, need),
        None => tracing::debug!(
            event_id = event.id(),
            event_type = event.event_type(),
            "an event that changes nothing in an export"
        ),
    }
}

/// An incremental run of the export, while events keep arriving into `pending`; a
/// reconnect while it runs is covered by it.
async fn reconcile(
    client: &Client,
    args: &ExportArgs,
    store: &Arc<Store>,
    held: Option<Manifest>,
    cancelled: &watch::Receiver<bool>,
    listening: &mut Listening,
    pending: &mut Pending,
) -> Result<Manifest, CliError> {
    if *cancelled.borrow() {
        return Err(CliError::Interrupted("stopped before a reconcile".into()));
    }
    let run = sync(client, args, store, held, cancelled.clone());
    tokio::pin!(run);
    loop {
        tokio::select! {
            result = &mut run => return result,
            Some(event) = listening.events.recv() => take(&event, pending),
        }
    }
}

/// Brings ticket `id` up to date as `need` says: listed with the export's filters and
/// its id, then synced as an export does. Whether anything was written.
async fn apply(
    client: &Client,
    store: &Store,
    filters: &crate::args::TicketFilters,
    id: &str,
    need: Need,
    images: Option<Refusal>,
    cancelled: watch::Receiver<bool>,
) -> Result<bool, CliError> {
    let listed = crate::tickets::request(client, filters)
        .ticket_id(id)
        .stream()
        .try_next()
        .await?;
    let Some(ticket) = listed.filter(|t| t.ticket_id() == id) else {
        tracing::debug!(
            ticket = id,
            "not listed with the export's filters: left out"
        );
        return Ok(false);
    };
    let outcome = sync_ticket(
        client,
        store,
        &ticket,
        need == Need::Messages,
        images.as_ref(),
        cancelled,
    )
    .await?;
    Ok(matches!(outcome, Synced::Done { .. }))
}

#[cfg(test)]
mod tests {
    use super::{Need, Pending, ticket_of};
    use lark_helpdesk::Event;
    use std::collections::HashSet;

    #[test]
    fn pending_tickets_are_taken_once_in_order_and_never_while_busy() {
        let mut pending = Pending::default();
        pending.add("a".into(), Need::Ticket);
        pending.add("b".into(), Need::Ticket);
        pending.add("a".into(), Need::Messages);
        pending.add("b".into(), Need::Ticket);
        assert_eq!(pending.len(), 2);
        let busy: HashSet<String> = ["a".to_string()].into();
        assert_eq!(pending.next(&busy), Some(("b".into(), Need::Ticket)));
        assert_eq!(pending.next(&busy), None);
        assert_eq!(
            pending.next(&HashSet::new()),
            Some(("a".into(), Need::Messages))
        );
        assert_eq!(pending.len(), 0);
    }

    fn event(event_type: &str, fields: &str) -> Event {
        Event::parse(
            format!(
                r#"{{"schema":"2.0","header":{{"event_id":"e","event_type":"{event_type}"}},"event":{fields}}}"#
            )
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn each_helpdesk_event_names_its_ticket() {
        assert_eq!(
            ticket_of(&event("helpdesk.ticket.created_v1", r#"{"ticket_id":"1"}"#)),
            Some(("1".into(), Need::Ticket))
        );
        assert_eq!(
            ticket_of(&event(
                "helpdesk.ticket.updated_v1",
                r#"{"object":{"ticket_id":"2"},"old_object":{"status":1}}"#
            )),
            Some(("2".into(), Need::Ticket))
        );
        assert_eq!(
            ticket_of(&event(
                "helpdesk.ticket_message.created_v1",
                r#"{"ticket_message_id":"m","ticket":{"ticket_id":"3"}}"#
            )),
            Some(("3".into(), Need::Messages))
        );
        assert_eq!(
            ticket_of(&event(
                "helpdesk.notification.approve_v1",
                r#"{"notification_id":"n"}"#
            )),
            None
        );
        assert_eq!(ticket_of(&event("im.message.receive_v1", "{}")), None);
        assert_eq!(
            ticket_of(&event("helpdesk.ticket.created_v1", r#"{"ticket_id":""}"#)),
            None
        );
        // Fields of the wrong type: no ticket, no panic.
        assert_eq!(
            ticket_of(&event("helpdesk.ticket.created_v1", r#"{"ticket_id":[1]}"#)),
            None
        );
    }
}
