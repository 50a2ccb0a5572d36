//! The fake Helpdesk server: embedded (`--mock`) or standalone (`mock-server`).

use std::io::Write;
use std::time::Duration;

use lark_helpdesk::{Client, env};
use lark_helpdesk_mock::{Fault, FaultScope, MockHelpdesk, MockHelpdeskBuilder};

use crate::args::{
    ENCRYPT_KEY_VAR, EXAMPLE_TICKET_ID, MockFault, MockServerArgs, SYNTHETIC_MESSAGES,
    SYNTHETIC_TICKET_ID, SYNTHETIC_TICKETS, VERIFICATION_TOKEN_VAR,
};
use crate::exit::CliError;
/// The `x-ogw-ratelimit-reset` of the `rate-limit` fault, in seconds.
const RATE_LIMIT_RESET_SECS: u64 = 1;
/// The delay of the `slow` fault.
const SLOW_DELAY: Duration = Duration::from_millis(1500);
/// How many requests the fake server answers between two forgettings of wiremock's copies
/// of them (about 9 KiB each): under 1 MiB held, for a reset and remount that costs a few
/// microseconds.
const FORGET_REQUESTS_EVERY: u64 = 100;

/// A fake server holding a synthetic helpdesk of `tickets` tickets, the example ticket
/// and a synthetic ticket of `messages` messages, whose memory stays flat however many
/// requests it answers: no record of them, wiremock's copies forgotten as it goes, the
/// tokens and sign-ins held bounded (the mock's default), and no relay for holding
/// refresh answers (a test-only feature of the library: wiremock alone serves).
fn builder(port: u16, messages: usize, tickets: usize) -> MockHelpdeskBuilder {
    // A demo's long connection comes back within seconds, not the platform's minutes.
    let mut long_connection = lark_helpdesk_mock::LongConnectionConfig::default();
    long_connection.reconnect_nonce_secs = 1;
    long_connection.reconnect_interval_secs = 2;
    MockHelpdesk::builder()
        .long_connection(long_connection)
        .synthetic_helpdesk(tickets)
        .synthetic_ticket(SYNTHETIC_TICKET_ID, messages)
        .port(port)
        .record_requests(false)
        .forget_requests_every(FORGET_REQUESTS_EVERY)
        .refresh_gates(false)
}

async fn start(builder: MockHelpdeskBuilder) -> Result<MockHelpdesk, CliError> {
    builder
        .start()
        .await
        .map_err(|e| CliError::Other(format!("cannot start the fake server: {e}")))
}

/// Starts the embedded fake server of `--mock`, injects `fault` if asked, and returns it
/// with a client pointed at it (with its credentials). Keep the server alive as long as
/// the client is used: dropping it stops it.
pub async fn embedded(
    fault: Option<MockFault>,
    limits: lark_helpdesk::Limits,
) -> Result<(MockHelpdesk, Client), CliError> {
    let mock = start(builder(0, SYNTHETIC_MESSAGES, SYNTHETIC_TICKETS)).await?;
    if let Some(fault) = fault {
        let (scope, fault) = injected(fault);
        mock.inject(scope, fault);
    }
    let credentials = mock.credentials();
    let client = Client::builder()
        .limits(limits)
        .base_url(mock.uri())
        .app_credentials(&credentials.app_id, &credentials.app_secret)
        .user_access_token(&credentials.user_access_token)
        .helpdesk_credential(&credentials.helpdesk_id, &credentials.helpdesk_token)
        .build()
        .map_err(CliError::Sdk)?;
    tracing::debug!(uri = %mock.uri(), "embedded fake server started");
    Ok((mock, client))
}

/// The mock's fault for `--mock-fault`, and which requests it applies to.
///
/// Two requests, so that the default three attempts still succeed; one for an expired
/// token (the SDK fetches a new token once per request) and a truncated body (which is
/// not retried anyway); every request for `rate-limit-always`.
fn injected(fault: MockFault) -> (FaultScope, Fault) {
    let rate_limited = Fault::RateLimited {
        reset_secs: RATE_LIMIT_RESET_SECS,
    };
    let (count, fault) = match fault {
        MockFault::RateLimitAlways => {
            return (FaultScope::AllRequests, rate_limited);
        }
        MockFault::RateLimit => (2, rate_limited),
        MockFault::TokenExpired => (1, Fault::TokenExpired { http_status: 400 }),
        MockFault::Internal => (2, Fault::Internal),
        MockFault::Gateway502 => (2, Fault::GatewayHtml502),
        MockFault::Truncated => (1, Fault::TruncatedBody),
        MockFault::Slow => (2, Fault::Delay(SLOW_DELAY)),
        MockFault::Connection => (2, Fault::ConnectionError),
    };
    (FaultScope::NextRequests(count), fault)
}

/// `mock-server`: serves until Ctrl-C (or SIGTERM), after printing the URL, the tickets
/// and the credentials as `export` lines; then stops and returns (exit 0).
pub async fn serve(args: &MockServerArgs) -> Result<(), CliError> {
    let secret = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (encrypt_key, verification_token) =
        (secret(ENCRYPT_KEY_VAR), secret(VERIFICATION_TOKEN_VAR));
    let mut builder = builder(args.port, args.messages, args.tickets)
        .user_token_ttl(Duration::from_secs(args.user_token_ttl))
        .refresh_token_ttl(Duration::from_secs(args.refresh_token_ttl));
    if let Some(url) = &args.events_to {
        builder = builder.events_to(url);
    }
    if let Some(scale) = args.events_retry_scale {
        builder = builder.retry_schedule(
            lark_helpdesk_mock::DEFAULT_RETRY_SCHEDULE
                .iter()
                .map(|wait| wait.mul_f64(scale))
                .collect(),
        );
    }
    if let Some(key) = &encrypt_key {
        builder = builder.encrypt_key(key);
    }
    if let Some(token) = &verification_token {
        builder = builder.verification_token(token);
    }
    if let Some(every) = args.activity_every {
        builder = builder.activity_every(every);
    }
    let mock = start(builder).await?;
    let events = events_lines(args, encrypt_key.is_some(), verification_token.is_some());
    let credentials = mock.credentials();
    let uri = mock.uri();
    let text = format!(
        "# lark-helpdesk fake server listening on {uri}\n\
         # a helpdesk of {tickets} synthetic tickets (lark-helpdesk tickets --all), and \
         {EXAMPLE_TICKET_ID} (the documented example), \
         {SYNTHETIC_TICKET_ID} ({n} synthetic messages)\n\
         # the credentials it accepts (demo values), ready to paste:\n\
         export {base}={uri}\n\
         export {app_id}={}\n\
         export {app_secret}={}\n\
         export {helpdesk_id}={}\n\
         export {helpdesk_token}={}\n\
         # the user access token of the operations that take one (faqs, categories, ...)\n\
         export LARK_USER_ACCESS_TOKEN={}\n\
         # user sign-in (OAuth: authorize page, device flow) is served here too; user \
         tokens last {user_ttl} s, refresh tokens {refresh_ttl} s\n\
         export LARK_ACCOUNTS_URL={uri}\n\
         {events}\
         # then: lark-helpdesk messages {EXAMPLE_TICKET_ID}\n\
         # press Ctrl-C to stop\n",
        credentials.app_id,
        credentials.app_secret,
        credentials.helpdesk_id,
        credentials.helpdesk_token,
        credentials.user_access_token,
        n = args.messages,
        tickets = args.tickets,
        user_ttl = args.user_token_ttl,
        refresh_ttl = args.refresh_token_ttl,
        base = env::BASE_URL,
        app_id = env::APP_ID,
        app_secret = env::APP_SECRET,
        helpdesk_id = env::HELPDESK_ID,
        helpdesk_token = env::HELPDESK_TOKEN,
    );
    // A closed stdout must not stop the server: the lines are a courtesy.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);
    until_stopped()
        .await
        .map_err(|e| CliError::Other(format!("cannot wait for Ctrl-C: {e}")))?;
    // Stops accepting; the connections still open are closed as the process exits.
    drop(mock);
    Ok(())
}

/// What `mock-server` says of its events: where they go, whether they are encrypted
/// and carry a token (never the secrets themselves), and its own activity.
fn events_lines(args: &MockServerArgs, encrypted: bool, token: bool) -> String {
    let mut text = String::new();
    if let Some(url) = &args.events_to {
        let scale = args.events_retry_scale.map_or(String::new(), |f| {
            format!(", the retry schedule scaled by {f}")
        });
        text.push_str(&format!(
            "# events pushed to {url}: encryption {} ({ENCRYPT_KEY_VAR}), verification token \
             {} ({VERIFICATION_TOKEN_VAR}){scale}\n",
            if encrypted { "on" } else { "off" },
            if token { "set" } else { "not set" },
        ));
    }
    if let Some(every) = args.activity_every {
        text.push_str(&format!(
            "# the helpdesk changes by itself every {every:?} (messages, updates, new tickets)\n"
        ));
    }
    text
}

/// Waits for Ctrl-C or, on Unix, SIGTERM (what `kill` and service managers send): both
/// stop the server the same quiet way.
async fn until_stopped() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
