//! `export`: every ticket matching the filters and every message of each, into a
//! directory that one command keeps up to date ([`crate::store`] has its layout).
//!
//! A run into a new directory lists every ticket of the filters. A run into a directory
//! whose last run finished lists only the tickets created or updated since that run's
//! listing began (less [`OVERLAP`]), and fetches of each only the messages from the second
//! of the last one held (those of that second come again and are skipped). A run into a
//! directory whose last run did not finish (killed, interrupted, failed) does the same from
//! where that run started: tickets it completed, and that the platform still lists the
//! same, are not fetched again; a ticket it was in the middle of continues after its last
//! complete message.
//!
//! The other parts of the helpdesk (the spec's `x-export`: the images of the messages,
//! the FAQs and their images, the categories, the agents' schedules, emails and skills,
//! the skill rules, the ticket custom fields) are synced beside the tickets, each into
//! its own file; `--only` and `--skip` choose them. A part the platform refuses the app
//! (no permission) is reported once and skipped.
//!
//! Several tickets' messages are fetched at once. Ctrl-C (or SIGTERM) stops fetching,
//! keeps every page already received, and ends with exit code 130; a second one stops at
//! once (still nothing half-written that a rerun does not repair).

pub(crate) mod images;
pub(crate) mod parts;

use std::collections::{BTreeMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::{StreamExt, TryStreamExt};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lark_helpdesk::{Client, Ticket};
use tokio::sync::watch;

use crate::args::{ExportArgs, TicketFilters};
use crate::exit::CliError;
use crate::signals::{Signals, until_cancelled};
use crate::store::{Filters, Holding, Manifest, PartState, Store};

/// How far before the last run's listing the next one starts: updates the platform
/// stamped by a clock behind ours, or committed while that listing ran, are not missed.
/// Tickets listed again unchanged cost no message request.
pub const OVERLAP: jiff::SignedDuration = jiff::SignedDuration::from_secs(10 * 60);

/// Runs `export` with `client`.
pub async fn run(client: &Client, args: &ExportArgs) -> Result<(), CliError> {
    let result = if args.events.http.is_some() || args.events.ws {
        Err(CliError::Usage {
            message: "--http and --ws say where events come from: they go with --follow".into(),
            hint: Some("add --follow to keep the export current from events".into()),
        })
    } else {
        export(client, args).await
    };
    result.map_err(|e| rerun_repairs(e, &args.output))
}

/// `error` of a run into `dir`, saying that a rerun continues after it where that is
/// so: after what the platform or the disk refused, not after what a rerun would meet
/// again.
pub(crate) fn rerun_repairs(error: CliError, dir: &std::path::Path) -> CliError {
    let dir = dir.to_owned();
    match error {
        e @ (CliError::Sdk(_) | CliError::Write { .. }) => CliError::Export {
            error: Box::new(e),
            dir,
        },
        e => e,
    }
}

async fn export(client: &Client, args: &ExportArgs) -> Result<(), CliError> {
    let (store, held) = Store::open(&args.output)?;
    let signals = Signals::watch();
    sync(client, args, &Arc::new(store), held, signals.cancelled()).await?;
    Ok(())
}

/// Refuses to bring `held` (DIR's manifest) up to date with other filters than `args`'.
pub(crate) fn check_filters(held: Option<&Manifest>, args: &ExportArgs) -> Result<(), CliError> {
    let Some(manifest) = held else {
        return Ok(());
    };
    let differences = manifest.filters.differences(&given(&args.filters));
    if differences.is_empty() {
        return Ok(());
    }
    Err(CliError::Usage {
        message: format!(
            "{} holds an export made with other filters ({})",
            args.output.display(),
            differences.join("; ")
        ),
        hint: Some(
            "run it with the same filters to bring it up to date, or export into a new directory"
                .into(),
        ),
    })
}

/// The parts a run exports: `--only`, else every part less `--skip`.
pub(crate) fn chosen_parts(args: &ExportArgs) -> Vec<&'static str> {
    lark_helpdesk_api::export_parts()
        .into_iter()
        .filter(|p| {
            if args.only.is_empty() {
                !args.skip.iter().any(|s| s == p)
            } else {
                args.only.iter().any(|s| s == p)
            }
        })
        .collect()
}

/// One run into the open `store` whose manifest was `held`: every listing of the filters
/// (all of it, or what changed since the last finished run), then `tickets.ndjson`
/// rebuilt and the manifest written finished; beside it, every other part chosen; a
/// summary on stderr. Returns the manifest written. Stops early, with
/// [`CliError::Interrupted`], once `cancelled` turns true.
pub(crate) async fn sync(
    client: &Client,
    args: &ExportArgs,
    store: &Arc<Store>,
    held: Option<Manifest>,
    cancelled: watch::Receiver<bool>,
) -> Result<Manifest, CliError> {
    let started = Instant::now();
    check_filters(held.as_ref(), args)?;
    let filters = given(&args.filters);
    let synced_at = held.as_ref().and_then(|m| m.synced_at);
    let listing_started = jiff::Timestamp::now();
    let chosen = chosen_parts(args);
    let with_tickets = chosen.contains(&parts::TICKETS);
    let with_images = chosen.contains(&images::PART);
    let mut manifest = Manifest {
        format: crate::store::FORMAT.into(),
        filters,
        finished: false,
        synced_at,
        tickets: held.as_ref().map_or(0, |m| m.tickets),
        written_at: listing_started,
        parts: held.as_ref().map(|m| m.parts.clone()).unwrap_or_default(),
    };
    if with_tickets && !with_images {
        // Said before any message is written without its images, so that a run killed
        // on the way leaves them to the next run with images too.
        manifest
            .parts
            .entry(images::PART.to_owned())
            .or_default()
            .synced_at = None;
    } else if with_images && held.is_none() {
        // A new DIR holds no message without its images: a first run killed on the way
        // is continued (its `.partial`s kept), not caught up as behind.
        manifest
            .parts
            .entry(images::PART.to_owned())
            .or_default()
            .synced_at = Some(listing_started);
    }
    store.write_manifest(&manifest)?;

    let progress = Progress::new(io::stderr().is_terminal());
    let run = Run {
        client: client.clone(),
        store: Arc::clone(store),
        cancelled,
        in_flight: Arc::new(Mutex::new(HashSet::new())),
        images: with_images.then(images::Refusal::default),
    };
    let mut counts = Counts::default();
    // Messages held without their images (an export of an earlier version, or made with
    // --skip images) get them first: the run below then only meets new messages.
    let images_behind = manifest
        .parts
        .get(images::PART)
        .is_none_or(|p| p.synced_at.is_none());
    if with_images && images_behind && held.is_some() {
        // A messages `.partial` left by a run without images holds lines without them,
        // which the run below would keep as held: its tickets are fetched again instead
        // (their ticket files come after their messages, so none claims them complete).
        tokio::task::block_in_place(|| run.store.drop_partial_messages())?;
        let backfilled = run
            .backfill_images(usize::from(args.concurrency), &mut counts, &progress)
            .await;
        if backfilled.is_err() {
            progress.finish();
        }
        backfilled?;
    }
    let tickets = async {
        let mut counts = counts;
        let mut outcome = Ok(());
        if !with_tickets || run.is_cancelled() {
            return (outcome, counts);
        }
        for listing in listings(&args.filters, synced_at, listing_started) {
            outcome = run
                .sync_listing(
                    &listing,
                    usize::from(args.concurrency),
                    &mut counts,
                    &progress,
                )
                .await;
            if outcome.is_err() || run.is_cancelled() {
                break;
            }
        }
        (outcome, counts)
    };
    let others = run.sync_other_parts(&chosen, listing_started);
    let ((tickets_outcome, counts), others) = tokio::join!(tickets, others);
    progress.finish();
    let mut refused = Vec::new();
    let mut failed = None;
    for (part, result) in others {
        match result {
            Ok(state) => {
                manifest.parts.insert(part.to_owned(), state);
            }
            Err(e) if parts::is_refused(&e) => refused.push((part, parts::reason(&e))),
            Err(e) => {
                failed.get_or_insert(e);
            }
        }
    }
    // Refused only when the listing itself is: a refusal after tickets were synced
    // (one ticket's messages) is an error like any other.
    let nothing_synced = counts.new_tickets + counts.updated_tickets + counts.unchanged == 0;
    let mut tickets_failed = None;
    let tickets_refused = match tickets_outcome {
        Err(e) if parts::is_refused(&e) && nothing_synced => {
            refused.push((parts::TICKETS, parts::reason(&e)));
            true
        }
        Err(e) => {
            tickets_failed = Some(e);
            false
        }
        Ok(()) => false,
    };
    let images_refused = run.images.as_ref().and_then(images::Refusal::reason);
    if let Some(reason) = &images_refused {
        refused.push((images::PART, reason.clone()));
    }
    for (part, reason) in refused {
        let _ = writeln!(
            io::stderr(),
            "warning: {part} skipped: the platform refused it ({reason}); \
             grant the app the scope, or pass --skip {part}"
        );
        let state = manifest.parts.entry(part.to_owned()).or_default();
        state.skipped = Some(reason);
    }
    if images_refused.is_some() {
        // Messages were written without their images: the next run gives them theirs.
        manifest
            .parts
            .entry(images::PART.to_owned())
            .or_default()
            .synced_at = None;
    }
    if let Some(e) = tickets_failed {
        // What did finish is kept: the parts written, the images refused.
        manifest.written_at = jiff::Timestamp::now();
        run.store.write_manifest(&manifest)?;
        return Err(e);
    }

    let elapsed = started.elapsed().as_secs_f64();
    if run.is_cancelled() {
        manifest.written_at = jiff::Timestamp::now();
        run.store.write_manifest(&manifest)?;
        return Err(CliError::Interrupted(format!(
            "{} brought up to date before stopping ({}) in {elapsed:.1} s; \
             run the same command again to continue",
            crate::output::count(
                counts.new_tickets + counts.updated_tickets,
                "ticket",
                "tickets"
            ),
            crate::output::count(counts.new_messages, "new message", "new messages"),
        )));
    }
    if with_tickets {
        manifest.tickets = run.store.finish()?;
    }
    if with_tickets && !tickets_refused {
        manifest.finished = true;
        manifest.synced_at = Some(listing_started);
        manifest.parts.insert(
            parts::TICKETS.to_owned(),
            PartState {
                synced_at: Some(listing_started),
                items: manifest.tickets,
                skipped: None,
            },
        );
    } else if !with_tickets {
        manifest.finished = held.as_ref().is_none_or(|m| m.finished);
    }
    let image_files = images::count_files(&run.store.dir().join(images::PART))?;
    images::count_files(&run.store.dir().join(images::FAQ_PART))?;
    let images_state = manifest.parts.entry(images::PART.to_owned()).or_default();
    images_state.items = image_files;
    if with_images && images_refused.is_none() {
        images_state.synced_at = Some(listing_started);
        images_state.skipped = None;
    }
    manifest.written_at = jiff::Timestamp::now();
    run.store.write_manifest(&manifest)?;
    if let Some(e) = failed {
        // The tickets finished and are recorded so; the part that failed is tried again
        // by the next run.
        return Err(e);
    }
    let others: Vec<String> = chosen
        .iter()
        .filter(|p| **p != parts::TICKETS && **p != images::PART)
        .filter_map(|p| manifest.parts.get(*p).map(|s| (p, s)))
        .filter(|(_, s)| s.skipped.is_none())
        .map(|(p, s)| format!("{} {p}", s.items))
        .collect();
    let _ = writeln!(
        io::stderr(),
        "{}: {}, {} updated, {}{}; {} listed unchanged; {}, {} image files{} in {} in {elapsed:.1} s",
        match &held {
            None => "exported",
            Some(m) if m.finished => "brought up to date",
            Some(_) => "export continued and finished",
        },
        crate::output::count(counts.new_tickets, "new ticket", "new tickets"),
        counts.updated_tickets,
        crate::output::count(counts.new_messages, "new message", "new messages"),
        if counts.backfilled > 0 {
            format!(
                ", {} given their images",
                crate::output::count(counts.backfilled, "message", "messages")
            )
        } else {
            String::new()
        },
        counts.unchanged,
        crate::output::count(manifest.tickets, "ticket", "tickets"),
        image_files,
        if others.is_empty() {
            String::new()
        } else {
            format!(", {}", others.join(", "))
        },
        args.output.display(),
    );
    Ok(manifest)
}

/// The filters as given, for the manifest.
fn given(f: &TicketFilters) -> Filters {
    let mut status: Vec<i32> = f.status.iter().map(|s| s.code()).collect();
    status.sort_unstable();
    status.dedup();
    let mut tags = f.tag.clone();
    tags.sort();
    tags.dedup();
    Filters {
        created_since: f.since,
        created_until: f.until,
        updated_since: f.updated_since,
        updated_until: f.updated_until,
        status,
        agent_id: f.agent_id.clone(),
        guest_id: f.guest_id.clone(),
        solved: f.solved,
        ticket_type: f.ticket_type.map(|t| t.code()),
        channel: f.channel.map(|c| c.code()),
        tags,
    }
}

/// The ticket listings of a run at `now`: every ticket of the filters before a run has
/// finished; after, those created since and those updated since (two listings: a ticket
/// never updated has no update time to filter on).
fn listings(
    filters: &TicketFilters,
    synced_at: Option<jiff::Timestamp>,
    now: jiff::Timestamp,
) -> Vec<TicketFilters> {
    let whole = |start: Option<jiff::Timestamp>, end: Option<jiff::Timestamp>| {
        (start.is_some() || end.is_some()).then(|| {
            (
                start.unwrap_or(jiff::Timestamp::UNIX_EPOCH),
                end.unwrap_or(now),
            )
        })
    };
    let created = whole(filters.since, filters.until);
    let updated = whole(filters.updated_since, filters.updated_until);
    let with = |created: Option<(jiff::Timestamp, jiff::Timestamp)>,
                updated: Option<(jiff::Timestamp, jiff::Timestamp)>| {
        let mut f = filters.clone();
        (f.since, f.until) = (created.map(|w| w.0), created.map(|w| w.1));
        (f.updated_since, f.updated_until) = (updated.map(|w| w.0), updated.map(|w| w.1));
        f
    };
    let Some(synced_at) = synced_at else {
        return vec![with(created, updated)];
    };
    // A last run stamped later than now (the clock moved back) is listed from now.
    let from = synced_at.min(now);
    let from = from.saturating_sub(OVERLAP).unwrap_or(from);
    let since = |window: Option<(jiff::Timestamp, jiff::Timestamp)>| {
        let (start, end) = window.unwrap_or((jiff::Timestamp::UNIX_EPOCH, now));
        let start = start.max(from);
        let end = end.min(now);
        (start <= end).then_some((start, end))
    };
    let mut out = Vec::new();
    if let Some(recent) = since(updated) {
        out.push(with(created, Some(recent)));
    }
    if let Some(recent) = since(created) {
        out.push(with(Some(recent), updated));
    }
    out
}

/// What a run counted.
#[derive(Debug, Default)]
struct Counts {
    new_tickets: u64,
    updated_tickets: u64,
    unchanged: u64,
    new_messages: u64,
    /// Messages held before that were given their images.
    backfilled: u64,
}

/// What became of one listed ticket.
pub(crate) enum Synced {
    /// DIR held it as listed: nothing fetched.
    Unchanged,
    /// Fetched by another listing at the same moment.
    InFlight,
    /// Brought up to date: whether it was new, how many messages were added.
    Done { new: bool, added: u64 },
    /// Stopped by Ctrl-C after `added` messages.
    Stopped { added: u64 },
}

/// What the tasks of a run share.
struct Run {
    client: Client,
    store: Arc<Store>,
    cancelled: watch::Receiver<bool>,
    /// The tickets being fetched: a listing that yields one twice (a ticket updated while
    /// the listing pages) leaves the second to the next run.
    in_flight: Arc<Mutex<HashSet<String>>>,
    /// Whether messages are saved with their images, and the platform's refusal of
    /// them once it refuses.
    images: Option<images::Refusal>,
}

impl Run {
    /// The parts of `chosen` other than the tickets and their images, each listed and
    /// written (several at once; the FAQ images after the FAQs). Each part's outcome.
    async fn sync_other_parts(
        &self,
        chosen: &[&'static str],
        started: jiff::Timestamp,
    ) -> BTreeMap<&'static str, Result<PartState, CliError>> {
        let state = move |items| PartState {
            synced_at: Some(started),
            items,
            skipped: None,
        };
        let listings = parts::listings()
            .into_iter()
            .filter(|(_, e)| chosen.contains(&e.part))
            .map(|(op, export)| {
                // Owned by each task: the run's futures are sent between threads.
                let (client, dir, cancelled) = (
                    self.client.clone(),
                    self.store.dir().to_owned(),
                    self.cancelled.clone(),
                );
                async move {
                    if *cancelled.borrow() {
                        return (export.part, None);
                    }
                    let result = parts::sync(&client, &dir, op, export).await.map(state);
                    (export.part, Some(result))
                }
            });
        let mut out: BTreeMap<&'static str, Result<PartState, CliError>> =
            futures::stream::iter(listings)
                .buffer_unordered(4)
                .filter_map(|(part, result)| async move { result.map(|r| (part, r)) })
                .boxed()
                .collect()
                .await;
        let faqs = images::faq_listing_part();
        let faqs_ok = out.get(faqs).is_none_or(Result::is_ok);
        if chosen.contains(&images::FAQ_PART) && faqs_ok && !self.is_cancelled() {
            let result = images::sync_faq_images(&self.client, self.store.dir(), 4)
                .await
                .map(state);
            out.insert(images::FAQ_PART, result);
        }
        out
    }

    /// Gives every held message its images ([`images::TicketImages::backfill`]),
    /// `concurrency` tickets at once.
    async fn backfill_images(
        &self,
        concurrency: usize,
        counts: &mut Counts,
        progress: &Progress,
    ) -> Result<(), CliError> {
        let dir = self.store.dir().join("messages");
        let entries = std::fs::read_dir(&dir).map_err(|e| crate::store::read_error(&dir, e))?;
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| crate::store::read_error(&dir, e))?;
            if let Some(id) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".ndjson"))
                .filter(|id| images::is_file_name(id))
            {
                ids.push(id.to_owned());
            }
        }
        let refusal = self.images.clone().unwrap_or_default();
        let mut done = futures::stream::iter(ids.into_iter().map(|id| {
            let (client, store, cancelled, refusal) = (
                self.client.clone(),
                Arc::clone(&self.store),
                self.cancelled.clone(),
                refusal.clone(),
            );
            async move {
                if *cancelled.borrow() {
                    return Ok(0);
                }
                let file = store.messages_file(&id);
                images::TicketImages::new(&client, store.dir(), &id, refusal)
                    .backfill(&file)
                    .await
            }
        }))
        .buffer_unordered(concurrency)
        .boxed();
        while let Some(n) = done.try_next().await? {
            counts.backfilled += n;
            progress.update(counts);
        }
        Ok(())
    }

    fn is_cancelled(&self) -> bool {
        *self.cancelled.borrow()
    }

    /// Brings every ticket of `listing` up to date, `concurrency` tickets at once.
    async fn sync_listing(
        &self,
        listing: &TicketFilters,
        concurrency: usize,
        counts: &mut Counts,
        progress: &Progress,
    ) -> Result<(), CliError> {
        let mut cancelled = self.cancelled.clone();
        let stop = async move { until_cancelled(&mut cancelled).await };
        let mut synced = crate::tickets::request(&self.client, listing)
            .concurrency(2)
            .stream()
            .take_until(Box::pin(stop))
            .map_err(CliError::from)
            .map_ok(|ticket| self.sync_ticket(ticket))
            .try_buffer_unordered(concurrency);
        while let Some(outcome) = synced.try_next().await? {
            match outcome {
                Synced::Unchanged => counts.unchanged += 1,
                Synced::InFlight => {}
                Synced::Done { new, added } => {
                    if new {
                        counts.new_tickets += 1;
                    } else {
                        counts.updated_tickets += 1;
                    }
                    counts.new_messages += added;
                }
                Synced::Stopped { added } => counts.new_messages += added,
            }
            progress.update(counts);
        }
        Ok(())
    }

    fn sync_ticket(&self, ticket: Ticket) -> impl Future<Output = Result<Synced, CliError>> {
        let id = ticket.ticket_id().to_owned();
        let claimed = self
            .in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.clone());
        let client = self.client.clone();
        let store = Arc::clone(&self.store);
        let in_flight = Arc::clone(&self.in_flight);
        let cancelled = self.cancelled.clone();
        let images = self.images.clone();
        async move {
            if !claimed {
                return Ok(Synced::InFlight);
            }
            let result =
                sync_ticket(&client, &store, &ticket, false, images.as_ref(), cancelled).await;
            in_flight
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(&id);
            result
        }
    }
}

/// Brings `ticket` up to date in `store`: the messages after those held (with their
/// `images`, downloaded before a page's messages are written), then its file. A ticket
/// held as listed is left as it is unless `messages_anyway` (an event said it has a new
/// message).
pub(crate) async fn sync_ticket(
    client: &Client,
    store: &Store,
    ticket: &Ticket,
    messages_anyway: bool,
    images: Option<&images::Refusal>,
    mut cancelled: watch::Receiver<bool>,
) -> Result<Synced, CliError> {
    let id = file_name(ticket.ticket_id())?;
    let raw = ticket.raw_json();
    let holding = store.holding(id, raw)?;
    if holding == Holding::Same && !messages_anyway {
        return Ok(Synced::Unchanged);
    }
    let mut messages = store.messages(id)?;
    let mut request = client.ticket_messages(id);
    if let Some(since) = messages.since() {
        request = request.since(since);
    }
    tracing::debug!(ticket = id, held = messages.held(), since = ?messages.since(), "fetching messages");
    let mut pages = request.pages();
    let mut saver =
        images.map(|refusal| images::TicketImages::new(client, store.dir(), id, refusal.clone()));
    let mut line = Vec::with_capacity(1024);
    let mut added = 0;
    loop {
        let page = tokio::select! {
            biased;
            () = until_cancelled(&mut cancelled) => {
                messages.flush()?;
                return Ok(Synced::Stopped { added });
            }
            page = pages.try_next() => page?,
        };
        let Some(page) = page else { break };
        let refs = match &mut saver {
            Some(saver) => {
                let wanted: Vec<Option<&lark_helpdesk::Message>> = page
                    .messages
                    .iter()
                    .map(|m| (!messages.holds(m)).then_some(m))
                    .collect();
                saver.of_messages(&wanted).await?
            }
            None => vec![None; page.messages.len()],
        };
        for (message, refs) in page.messages.iter().zip(refs) {
            if messages.add(message, refs.as_deref(), &mut line)? {
                added += 1;
            }
        }
        messages.flush()?;
    }
    // Syncs wait on the disk: the runtime's other tasks move to another thread meanwhile.
    tokio::task::block_in_place(|| {
        messages.commit()?;
        store.write_ticket(id, raw)
    })?;
    Ok(Synced::Done {
        new: holding == Holding::None,
        added,
    })
}

/// A ticket id as a file name: as it is when it holds only letters, digits, `-` and
/// `_` (the platform's ids are digits), else refused.
fn file_name(id: &str) -> Result<&str, CliError> {
    if images::is_file_name(id) {
        Ok(id)
    } else {
        Err(CliError::Other(format!(
            "the platform sent a ticket id that is no file name: {:?}",
            crate::output::printable(id)
        )))
    }
}

/// The progress line of an export on stderr, when stderr is a terminal.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(visible: bool) -> Self {
        Progress(visible.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        }))
    }

    fn update(&self, counts: &Counts) {
        if let Some(bar) = &self.0 {
            bar.set_message(format!(
                "{} new tickets, {} updated, {} new messages, {} unchanged",
                counts.new_tickets, counts.updated_tickets, counts.new_messages, counts.unchanged
            ));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{OVERLAP, listings};
    use crate::args::{Cli, Command, TicketFilters};
    use clap::Parser;

    fn filters(args: &[&str]) -> TicketFilters {
        let mut argv = vec!["lark-helpdesk", "export", "--output", "d"];
        argv.extend_from_slice(args);
        match Cli::parse_from(argv).command {
            Command::Export(export) => export.filters,
            _ => unreachable!(),
        }
    }

    fn t(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    type Windows = (Option<jiff::Timestamp>, Option<jiff::Timestamp>);

    fn windows(f: &TicketFilters) -> (Windows, Windows) {
        ((f.since, f.until), (f.updated_since, f.updated_until))
    }

    #[test]
    fn a_first_run_lists_the_filters_with_whole_windows() {
        let now = t("2026-12-01T00:00:00Z");
        let all = listings(&filters(&[]), None, now);
        assert_eq!(all.len(), 1);
        assert_eq!(windows(&all[0]), ((None, None), (None, None)));
        let since = listings(&filters(&["--since", "2026-06-01T00:00:00Z"]), None, now);
        assert_eq!(
            windows(&since[0]),
            ((Some(t("2026-06-01T00:00:00Z")), Some(now)), (None, None))
        );
    }

    #[test]
    fn a_later_run_lists_what_was_created_or_updated_since_the_last_less_the_overlap() {
        let now = t("2026-12-02T00:00:00Z");
        let synced = t("2026-12-01T00:00:00Z");
        let from = synced.checked_sub(OVERLAP).unwrap();
        let status = filters(&["--status", "queued"]);
        let later = listings(&status, Some(synced), now);
        assert_eq!(later.len(), 2);
        assert_eq!(windows(&later[0]), ((None, None), (Some(from), Some(now))));
        assert_eq!(windows(&later[1]), ((Some(from), Some(now)), (None, None)));
        assert!(later.iter().all(|f| f.status == status.status));

        // Within the windows given: a created window keeps its start, closes at now.
        let june = filters(&["--since", "2026-06-01T00:00:00Z"]);
        let later = listings(&june, Some(synced), now);
        assert_eq!(
            windows(&later[0]),
            (
                (Some(t("2026-06-01T00:00:00Z")), Some(now)),
                (Some(from), Some(now))
            )
        );
        assert_eq!(windows(&later[1]), ((Some(from), Some(now)), (None, None)));

        // A window that closed before the last run: nothing created in it is new.
        let closed = filters(&["--until", "2026-07-01T00:00:00Z"]);
        let later = listings(&closed, Some(synced), now);
        assert_eq!(later.len(), 1, "only updates of tickets created then");
        assert_eq!(
            windows(&later[0]),
            (
                (
                    Some(jiff::Timestamp::UNIX_EPOCH),
                    Some(t("2026-07-01T00:00:00Z"))
                ),
                (Some(from), Some(now))
            )
        );
        let both = filters(&[
            "--until",
            "2026-07-01T00:00:00Z",
            "--updated-until",
            "2026-08-01T00:00:00Z",
        ]);
        assert!(listings(&both, Some(synced), now).is_empty());
    }
}
