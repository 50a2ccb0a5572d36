//! The command line: global flags, the `messages` and `mock-server` subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The documented example ticket the fake server holds.
pub const EXAMPLE_TICKET_ID: &str = "6948728206392295444";
/// The synthetic ticket the fake server holds.
pub const SYNTHETIC_TICKET_ID: &str = "7000000000000000001";
/// The number of messages of the synthetic ticket in `--mock` mode (and `mock-server`'s
/// default).
pub const SYNTHETIC_MESSAGES: usize = 5000;
/// The number of tickets of the synthetic helpdesk in `--mock` mode (and `mock-server`'s
/// default).
pub const SYNTHETIC_TICKETS: usize = 300;

/// Text shown after the options in `--help`: exit codes, environment, the mock.
const AFTER_HELP: &str = "\
Credentials (never accepted as plain command-line values):
  LARK_APP_ID + LARK_APP_SECRET     a self-built app (or --app-id, --app-secret-file)
  LARK_TENANT_ACCESS_TOKEN          a fixed tenant token (or --tenant-access-token-file)
  LARK_USER_ACCESS_TOKEN            a user's token, for the operations that take one
                                    (or --user-access-token-file; see `api --list`); without
                                    it, the user signed in with `auth login`
  LARK_ACCOUNTS_URL                 the accounts host of sign-in (derived from the base URL)
  LARK_HELPDESK_ID + LARK_HELPDESK_TOKEN
                                    the helpdesk credential (or --helpdesk-id, --helpdesk-token-file)
  LARK_BASE_URL                     https://open.feishu.cn by default (or --base-url)
  RUST_LOG                          log filter for stderr (e.g. lark_helpdesk=debug); off by default

Mock mode (--mock, no credentials needed) serves a synthetic helpdesk and two more tickets:
  7100000000000000001-7100000000000000300
                        300 tickets created from 2026-06-01 over six months, in every
                        status and channel, with 0 to 3,500 messages each (`tickets --all`)
  6948728206392295444   the documented example ticket (one message)
  7000000000000000001   a synthetic ticket of 5000 messages

Exit codes:
  0  success (also when stdout is closed early, e.g. by `| head`)
  1  any other failure (network, an undecodable answer, a platform error such as 154000 or 155000)
  2  usage: bad arguments, invalid input (e.g. --page-size 500, an unknown operation or parameter,
     a body the spec refuses), missing or unreadable credentials, a refused base URL; nothing was sent
  3  authentication or permission refused by the platform: 154001, 154003, token errors
     (99991661, 99991663, 99991664, 99991668, 99991671, 99991677) or the app credentials refused
     by the token endpoint; or the operation needs a user access token and none is set
  4  rate limited (99991400 / HTTP 429), still after the retries
  5  a file could not be written (disk full, permissions); `export` continues when run again
  6  `check` found an answer that breaks the spec
  130 interrupted (Ctrl-C, SIGTERM); `export` continues when run again

Examples:
  lark-helpdesk --mock export --output helpdesk-export
  lark-helpdesk --mock tickets --all --status in-progress --since 2026-09-01T00:00:00Z
  lark-helpdesk --mock messages 6948728206392295444
  lark-helpdesk --mock messages 7000000000000000001 --all --concurrency 4 --format csv > ticket.csv
  lark-helpdesk --mock --mock-fault rate-limit messages 7000000000000000001 --all > /dev/null
  lark-helpdesk --mock check --junit check.xml
  lark-helpdesk api --list
  lark-helpdesk --mock api list_faqs --param status=1 --all
  lark-helpdesk --mock api create_faq --body '{\"faq\":{\"question\":\"Q?\",\"answer\":\"A.\"}}'
  lark-helpdesk --mock messages send 6948728206392295444 \"We are on it\"
  lark-helpdesk mock-server --port 8080
  lark-helpdesk completions bash > /etc/bash_completion.d/lark-helpdesk";

/// Feishu / Lark Helpdesk tickets and their messages: list, print or export a whole
/// helpdesk.
#[derive(Debug, Parser)]
#[command(name = "lark-helpdesk", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// Connection and credential flags, shared by every subcommand.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags that apply to every subcommand.
#[derive(Debug, Args)]
#[command(next_help_heading = "Connection and credentials")]
pub struct Global {
    /// Run against an embedded fake Helpdesk server instead of the platform: tickets
    /// 6948728206392295444 (the documented example) and 7000000000000000001 (5000
    /// synthetic messages); no credentials needed.
    #[arg(long, global = true)]
    pub mock: bool,

    /// With --mock: the fake server fails the next 2 message requests this way (the next
    /// one for token-expired and truncated, every one for rate-limit-always), to watch the
    /// retries at work.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FAULT",
        requires = "mock"
    )]
    pub mock_fault: Option<MockFault>,

    /// The API's base URL, `https://host[:port]` (default: `$LARK_BASE_URL`, else
    /// Feishu's).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        conflicts_with = "mock",
        help = "The API's base URL, https://host[:port] (default: $LARK_BASE_URL or https://open.feishu.cn)"
    )]
    pub base_url: Option<String>,

    /// App id of a self-built app (default: $LARK_APP_ID).
    #[arg(long, global = true, value_name = "ID")]
    pub app_id: Option<String>,

    /// A file holding the app secret (default: $LARK_APP_SECRET).
    #[arg(long, global = true, value_name = "PATH")]
    pub app_secret_file: Option<PathBuf>,

    /// A file holding a tenant access token, used instead of app credentials (default:
    /// $LARK_TENANT_ACCESS_TOKEN).
    #[arg(long, global = true, value_name = "PATH")]
    pub tenant_access_token_file: Option<PathBuf>,

    /// A file holding a user access token, for the operations that take (or need) one
    /// (default: $LARK_USER_ACCESS_TOKEN).
    #[arg(long, global = true, value_name = "PATH")]
    pub user_access_token_file: Option<PathBuf>,

    /// A rate limit you know, in requests per second per endpoint: requests are paced at
    /// it from the start (default: learned from the platform's rate-limit answers).
    #[arg(long, global = true, value_name = "PER_SECOND")]
    pub rate: Option<f64>,

    /// The helpdesk id (default: $LARK_HELPDESK_ID).
    #[arg(long, global = true, value_name = "ID")]
    pub helpdesk_id: Option<String>,

    /// A file holding the helpdesk token (default: $LARK_HELPDESK_TOKEN).
    #[arg(long, global = true, value_name = "PATH")]
    pub helpdesk_token_file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export the whole helpdesk into a directory: every ticket matching the filters,
    /// every message of each with its images, the FAQs and their images, the
    /// categories, the agents' schedules, emails and skills, the skill rules and the
    /// ticket custom fields (--only / --skip choose). Run it again to fetch only what
    /// changed, or to continue a run that was stopped.
    Export(ExportArgs),
    /// Build a SQLite database from an export directory, or bring one up to date: only
    /// the files changed since the last run are read again.
    Db(DbArgs),
    /// Print the tickets matching the filters: one page, or every ticket with --all.
    Tickets(TicketsArgs),
    /// Print the messages of a ticket: one page, or every page with --all.
    Messages(MessagesArgs),
    /// Print each event the platform pushes (HTTP callbacks with --http ADDR, or the long
    /// connection with --ws) as one line of JSON, verified and without duplicates, until
    /// Ctrl-C.
    Listen(ListenArgs),
    /// Call any operation of the API by its id (`api --list` lists them): parameters by
    /// name, a JSON body, the answer's `data` as JSON, every item of a listing with --all,
    /// a file with --output.
    Api(ApiArgs),
    /// Sign a user in (for the operations that take a user access token), see who is
    /// signed in, print their token for scripts, or sign them out.
    Auth(AuthArgs),
    /// Check every read of the spec against the server (the platform, --mock, any
    /// --base-url): statuses, headers, bodies and page arithmetic as the spec documents
    /// them; with --write, a create, get and delete in each collection too.
    Check(CheckArgs),
    /// Run the fake Helpdesk server until Ctrl-C, printing its URL and credentials.
    MockServer(MockServerArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
}

/// Which tickets: the filters of `tickets` and `export`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Which tickets")]
pub struct TicketFilters {
    /// Only tickets created at or after this time: RFC 3339 (2026-06-01T00:00:00Z) or
    /// Unix seconds. Without --until, until now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<jiff::Timestamp>,

    /// Only tickets created at or before this time. Without --since, from 1970.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub until: Option<jiff::Timestamp>,

    /// Only tickets updated at or after this time. Without --updated-until, until now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub updated_since: Option<jiff::Timestamp>,

    /// Only tickets updated at or before this time. Without --updated-since, from 1970.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub updated_until: Option<jiff::Timestamp>,

    /// Only tickets in this status (repeatable): created, in-progress, queued, pending,
    /// waiting-for-user, closed-by-bot, closed-by-agent, closed-by-user, or a number.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<lark_helpdesk::TicketStatus>,

    /// Only tickets of this agent (user id).
    #[arg(long, value_name = "ID")]
    pub agent_id: Option<String>,

    /// Only tickets of this user (open id).
    #[arg(long, value_name = "ID")]
    pub guest_id: Option<String>,

    /// Only solved (true) or unsolved (false) tickets.
    #[arg(long, value_name = "BOOL")]
    pub solved: Option<bool>,

    /// Only bot or only human tickets: bot, human, or a number.
    #[arg(long = "type", value_name = "TYPE")]
    pub ticket_type: Option<lark_helpdesk::TicketType>,

    /// Only tickets of this channel: open-api, qr-code, share, search, or a number.
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<lark_helpdesk::Channel>,

    /// Only tickets with this tag (repeatable).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
}

/// Arguments of `tickets`.
#[derive(Debug, Args)]
pub struct TicketsArgs {
    /// Which tickets.
    #[command(flatten)]
    pub filters: TicketFilters,

    /// The page to print (from 1).
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub page: Option<u64>,

    /// Tickets per page, 1 to 200 (default: 20 for one page, 200 with --all).
    #[arg(long, value_name = "N")]
    pub page_size: Option<u64>,

    /// Every matching ticket, page after page (past the platform's cap of 10,000 a
    /// query, by splitting the time window).
    #[arg(long)]
    pub all: bool,

    /// Output format (default: table when stdout is a terminal, ndjson otherwise).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
}

/// Text shown after the options of `export --help`.
const EXPORT_HELP: &str = "\
What DIR holds:
  manifest.json                 the filters, whether the last run finished, when it listed
  tickets/<ticket_id>.json      each ticket, as the platform last sent it
  messages/<ticket_id>.ndjson   its messages in order, each once (the NDJSON of `messages`)
  tickets.ndjson                every ticket, one a line, by id (rewritten when a run finishes)

Running the same command again:
  after a finished run   lists only the tickets created or updated since it (less 10 minutes),
                         and fetches of each only the messages after the last one held
  after a stopped run    (killed, Ctrl-C, an error) continues: complete tickets are not fetched
                         again, a ticket in progress continues after its last complete message
  with other filters     refused: DIR never mixes two exports

Files are written under a temporary name and renamed once complete, so nothing in DIR is
ever half-written; Ctrl-C keeps the pages in hand and exits with 130.";

/// Arguments of `export`.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_HELP)]
pub struct ExportArgs {
    /// The directory to write into: a new or empty one, or one that holds an export made
    /// with the same filters, which is brought up to date (or continued where a stopped
    /// run left it).
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,

    /// Which tickets.
    #[command(flatten)]
    pub filters: TicketFilters,

    /// How many tickets' messages to fetch at once (their requests are still held to the
    /// platform's rate limit).
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// Export only these parts (comma-separated): tickets (with their messages), images
    /// (of the messages), faqs, faq_images, categories, agent_schedules, agent_emails,
    /// agent_skills, agent_skill_rules, ticket_customized_fields. Default: every part.
    #[arg(long, value_name = "PARTS", value_delimiter = ',', value_parser = parse_part,
          conflicts_with = "skip")]
    pub only: Vec<String>,

    /// Export every part but these (comma-separated; the names of --only).
    #[arg(long, value_name = "PARTS", value_delimiter = ',', value_parser = parse_part)]
    pub skip: Vec<String>,

    /// After the export, keep DIR current from the platform's events until Ctrl-C: a new
    /// ticket fetched, an updated one fetched again, a new message appended to its
    /// ticket's file; with an incremental run at start, after every reconnect and every
    /// --reconcile-every. Takes --http ADDR or --ws.
    #[arg(long)]
    pub follow: bool,

    /// With --follow: how often an incremental run catches what events missed (e.g.
    /// 10m, 1h, 30s).
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration,
          requires = "follow")]
    pub reconcile_every: std::time::Duration,

    /// With --follow: where the events come from.
    #[command(flatten)]
    pub events: EventSource,
}

/// A part of an export, as the spec's `x-export` names it.
fn parse_part(s: &str) -> Result<String, String> {
    let known = lark_helpdesk_api::export_parts();
    let s = s.trim();
    if known.contains(&s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "not a part of an export; the parts: {}",
            known.join(", ")
        ))
    }
}

/// Text shown after the options of `db --help`.
const DB_HELP: &str = "\
What it reads from DIR (made by `lark-helpdesk export`): manifest.json, tickets/<id>.json,
messages/<id>.ndjson, the parts' files (faqs.ndjson, categories.ndjson, agent_schedules.ndjson,
agent_emails.ndjson, agent_skills.ndjson, agent_skill_rules.ndjson, ticket_customized_fields.ndjson,
faq_images.ndjson). Image files are referenced by path, not copied.

Running it again reads only the files whose size, time or content changed since the last run
(a changed ticket, messages or part file replaces its rows), all in one transaction: a run that
is killed or fails leaves the database as it was. An export writing into DIR at the same time
is refused: run db when it ends. The tables and example queries: docs/database.md.";

/// Arguments of `db`.
#[derive(Debug, Args)]
#[command(after_help = DB_HELP)]
pub struct DbArgs {
    /// The export directory (made by `lark-helpdesk export`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The database to build or update (default: DIR/helpdesk.sqlite).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Where events come from: `listen`, `export --follow`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Events")]
pub struct EventSource {
    /// Receive events as HTTP callbacks on this address (e.g. 0.0.0.0:8000): the request
    /// URL set in the app's event settings must reach it. Every request is checked
    /// (signature and decryption with the Encrypt Key, the Verification Token) and
    /// duplicates are dropped.
    #[arg(long, value_name = "ADDR", conflicts_with = "ws")]
    pub http: Option<std::net::SocketAddr>,

    /// Receive events over a long connection the app opens to the platform (self-built
    /// apps; nothing to expose).
    #[arg(long)]
    pub ws: bool,

    /// A file holding the Encrypt Key of the app's event settings (default:
    /// $LARK_ENCRYPT_KEY). Never a flag's value: it would show in the process list.
    #[arg(long, value_name = "PATH")]
    pub encrypt_key_file: Option<PathBuf>,

    /// A file holding the Verification Token of the app's event settings (default:
    /// $LARK_VERIFICATION_TOKEN).
    #[arg(long, value_name = "PATH")]
    pub verification_token_file: Option<PathBuf>,

    /// Do not call `subscribe_events` for the helpdesk events before listening (the
    /// platform needs it once, besides the app's event settings).
    #[arg(long)]
    pub no_subscribe: bool,

    /// With --http: take callbacks without an Encrypt Key or a Verification Token to
    /// check them by (anyone who reaches ADDR can then send events).
    #[arg(long, requires = "http")]
    pub allow_unverified: bool,
}

/// Arguments of `listen`.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Where the events come from (--http ADDR or --ws).
    #[command(flatten)]
    pub events: EventSource,
}

/// Text shown after the options of `check --help`.
const CHECK_HELP: &str = "\
What it calls: the token endpoint (with app credentials), then every read (GET) of the spec,
listings first: up to --pages pages of each, by page number or by page token as the spec
says; then the gets of what they listed (the first ticket, FAQ, category, custom field,
skill, agent; a message of the ticket for its image), then the rest. A parameter nothing
listed takes the spec's example (a note says so; the server may well answer a documented
error, which is a warning). --ticket names the ticket. Each operation gets the token its
spec prefers of those given: one that needs a user's token is skipped without
LARK_USER_ACCESS_TOKEN (or --user-access-token-file). No write is sent without --write.

Each answer is checked against openapi/helpdesk.yaml (embedded):

  FAILURE  an undocumented status or content type, a missing X-Tt-Logid, a field the spec
           says is always sent missing, a field of another type, pages that do not add up
           (total, short pages, an item twice, a page token handed back), a get answering
           another item, a file answered as JSON or empty
  warning  a field the spec does not document, an undocumented enum value, a null where the
           spec does not say nullable, a documented error (the success answer goes unchecked)

--write --helpdesk-confirm HELPDESK_ID writes to that helpdesk (the one the credentials
name): in each collection with a create, a get and a delete (FAQs, categories, custom
fields, skills), it creates an item from the spec's example, its text marked
\"lark-helpdesk check <time>\", gets it, deletes it, and lists the collection before and
after. Anything left behind is a failure naming its id and the `lark-helpdesk api` command
that deletes it. No other write is ever sent.

Exit code 0 when nothing fails, 6 when something does (1-5 as for the other commands when
the check cannot run). Each finding names the operation, the JSON path and the log id.";

/// Arguments of `check`.
#[derive(Debug, Args)]
#[command(after_help = CHECK_HELP)]
pub struct CheckArgs {
    /// The ticket of every operation that takes one: "get a ticket", "get ticket
    /// messages", a ticket's image (default: the first ticket listed).
    #[arg(long, value_name = "ID")]
    pub ticket: Option<String>,

    /// Pages of each listing to check, at most (20 items a page).
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=50))]
    pub pages: u64,

    /// Also write a JUnit XML report (a test case a request) to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Also write every answer into DIR as a fixture of the conformance harness
    /// (tests/fixtures): secrets and personal fields redacted.
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,

    /// Also create an item in each collection that has a create, a get and a delete
    /// (FAQs, categories, ...), from the spec's example, get it and delete it: writes to
    /// the helpdesk, so only with --helpdesk-confirm naming it.
    #[arg(long, requires = "helpdesk_confirm")]
    pub write: bool,

    /// With --write: the id of the helpdesk written to, which must be the one the
    /// credentials name ($LARK_HELPDESK_ID or --helpdesk-id).
    #[arg(long, value_name = "HELPDESK_ID", requires = "write")]
    pub helpdesk_confirm: Option<String>,
}

/// Text shown after the options of `api --help`.
const API_HELP: &str = "\
Parameters and bodies are checked against the spec before anything is sent (exit 2 names what
is wrong). The token each operation takes is the one its spec allows: the tenant token when
it accepts one, else a user access token ($LARK_USER_ACCESS_TOKEN). A write the spec does not
mark safe to repeat is never sent twice: when its answer is lost, the error says the outcome
is unknown, so look before sending it again.

Examples:
  lark-helpdesk api --list
  lark-helpdesk --mock api get_ticket --param ticket_id=6948728206392295444
  lark-helpdesk --mock api list_tickets --param status_list=2 --param status_list=3 --all
  lark-helpdesk --mock api create_category --body '{\"name\":\"Billing\",\"parent_id\":\"0\"}'
  lark-helpdesk --mock api create_faq --body @faq.json
  lark-helpdesk --mock api get_ticket_image --param ticket_id=6948728206392295444 \\
      --param msg_id=6949088236610273307 --output image.png";

/// Arguments of `api`.
#[derive(Debug, Args)]
#[command(after_help = API_HELP)]
pub struct ApiArgs {
    /// The operation id (e.g. list_faqs); see --list.
    #[arg(
        value_name = "OPERATION_ID",
        required_unless_present = "list",
        hide_possible_values = true,
        value_parser = clap::builder::PossibleValuesParser::new(
            lark_helpdesk::ops::ALL.iter().filter(|op| !op.tokens.is_empty()).map(|op| op.id)
        )
    )]
    pub operation: Option<String>,

    /// List the operations, one a line, tab-separated: id, method, path, token kinds.
    #[arg(long, conflicts_with_all = ["param", "body", "all", "output"])]
    pub list: bool,

    /// A path or query parameter, NAME=VALUE (repeat for more; repeat a name for each
    /// value of an array parameter).
    #[arg(
        long,
        short,
        value_name = "NAME=VALUE",
        value_parser = ParamParser,
        hide_possible_values = true
    )]
    pub param: Vec<(String, String)>,

    /// The JSON body of a write: the JSON itself, or @FILE to read it from a file (@- for
    /// stdin).
    #[arg(long, value_name = "JSON|@FILE")]
    pub body: Option<String>,

    /// Every item of a listing, page after page, one JSON item a line.
    #[arg(long)]
    pub all: bool,

    /// Write a file answer (an image) to FILE; without it, a file goes to stdout when it is
    /// not a terminal.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Parses `--param NAME=VALUE`, and offers the spec's parameter names (`NAME=`) to the
/// shell completions.
#[derive(Debug, Clone, Copy)]
pub struct ParamParser;

impl clap::builder::TypedValueParser for ParamParser {
    type Value = (String, String);

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)?;
        match text.split_once('=') {
            Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
            _ => Err(clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("--param {text:?}: expected NAME=VALUE\n"),
            )
            .with_cmd(cmd)),
        }
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let mut names: Vec<&str> = lark_helpdesk::ops::ALL
            .iter()
            .flat_map(|op| op.parameters.iter().map(|p| p.name))
            .collect();
        names.sort_unstable();
        names.dedup();
        Some(Box::new(
            names
                .into_iter()
                .map(|n| clap::builder::PossibleValue::new(format!("{n}="))),
        ))
    }
}

/// Arguments of `auth`.
#[derive(Debug, Args)]
#[command(after_help = AUTH_HELP)]
pub struct AuthArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AuthCommand,
}

/// Text shown after the options of `auth --help`.
const AUTH_HELP: &str = "\
The app's credentials (LARK_APP_ID and LARK_APP_SECRET) sign the user in. The tokens are kept in
$XDG_CONFIG_HOME/lark-helpdesk/ (~/.config/lark-helpdesk/; %APPDATA% on Windows), one file per app
and user, readable by you alone, and refreshed a few minutes before they expire: one refresh at a
time however many commands run at once. The accounts host (authorize page, token endpoint) follows
the base URL (accounts.feishu.cn, accounts.larksuite.com) unless LARK_ACCOUNTS_URL says otherwise.

On the fake server (`lark-helpdesk mock-server` prints the variables to export):
  lark-helpdesk auth login --no-browser      then fetch the printed URL (curl -sL URL > /dev/null)
  lark-helpdesk auth status
  lark-helpdesk api create_category --body '{\"name\":\"Billing\",\"parent_id\":\"0\"}'";

/// The subcommands of `auth`.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Sign a user in: opens the browser on the platform's authorization page and
    /// receives the redirect on a loopback port (or --device for the device flow).
    Login(LoginArgs),
    /// Who is signed in (name and open id), the scopes, and when the tokens expire;
    /// never a token.
    Status,
    /// Print a valid user access token (refreshed first if it is about to expire), for
    /// scripts.
    Token,
    /// Revoke the stored tokens where the platform allows it, and delete them.
    Logout,
}

/// Arguments of `auth login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The loopback port the redirect comes to: http://127.0.0.1:PORT/callback must be one
    /// of the app's redirect URLs (Security settings in the developer console).
    #[arg(long, value_name = "PORT", default_value_t = 8585)]
    pub redirect_port: u16,

    /// Print the authorization URL instead of opening a browser, and wait for the redirect.
    #[arg(long)]
    pub no_browser: bool,

    /// Sign in with the device flow: a code to enter on a page, from any device.
    #[arg(long, conflicts_with = "no_browser")]
    pub device: bool,

    /// A scope to ask for (repeatable; offline_access is always asked for, so that the
    /// sign-in lasts beyond the first token). Default: helpdesk:all.
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,

    /// How long to wait for the user, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `messages`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct MessagesArgs {
    /// Send a message to a ticket instead.
    #[command(subcommand)]
    pub command: Option<MessagesCommand>,

    /// The ticket id (e.g. 6948728206392295444).
    #[arg(value_name = "TICKET_ID", required = true)]
    pub ticket_id: Option<String>,

    /// The page to print (from 1).
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub page: Option<u64>,

    /// Messages per page, 1 to 200 (default: 20 for one page, 200 with --all).
    #[arg(long, value_name = "N")]
    pub page_size: Option<u64>,

    /// Every message of the ticket, page after page, in order.
    #[arg(long)]
    pub all: bool,

    /// With --all: a fixed number of pages to fetch at once (default: as many as the
    /// platform's rate limit allows, found out as the export goes).
    #[arg(long, value_name = "N", requires = "all",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: Option<u16>,

    /// Only messages created at or after this time: RFC 3339 (2021-04-09T09:31:26Z) or
    /// Unix seconds.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Option<jiff::Timestamp>,

    /// Only messages created at or before this time: RFC 3339 or Unix seconds.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub until: Option<jiff::Timestamp>,

    /// Output format (default: table when stdout is a terminal, ndjson otherwise).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
}

/// What `messages` does besides printing.
#[derive(Debug, Subcommand)]
pub enum MessagesCommand {
    /// Send a message to a ticket's conversation (plain text, or rich text with --post);
    /// prints the new message's id. Never sent twice: when its answer is lost, the error
    /// says so, and the ticket's messages show whether it arrived.
    Send(SendArgs),
}

/// Arguments of `messages send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// The ticket id.
    #[arg(value_name = "TICKET_ID")]
    pub ticket_id: String,

    /// The text to send.
    #[arg(value_name = "TEXT", required_unless_present = "post")]
    pub text: Option<String>,

    /// Send rich text instead: FILE holds the post's JSON content (as the IM API's `post`
    /// content, e.g. {"zh_cn":{"title":"...","content":[[{"tag":"text","text":"..."}]]}}).
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    pub post: Option<PathBuf>,
}

/// The fake server's user token lifetime by default, seconds (its own default; stated here
/// too so that a build without the fake server still parses `mock-server`'s flags).
pub const MOCK_USER_TOKEN_TTL: u64 = 7200;
/// The fake server's refresh token lifetime by default, seconds.
pub const MOCK_REFRESH_TOKEN_TTL: u64 = 604_800;

/// Arguments of `mock-server`.
#[derive(Debug, Args)]
pub struct MockServerArgs {
    /// The port to listen on (127.0.0.1); 0 picks a free one.
    #[arg(long, value_name = "P", default_value_t = 0)]
    pub port: u16,

    /// How many messages the synthetic ticket 7000000000000000001 holds.
    #[arg(long, value_name = "N", default_value_t = SYNTHETIC_MESSAGES)]
    pub messages: usize,

    /// How many tickets the synthetic helpdesk holds (over 1,000: at most 3 messages
    /// each, for trying the 10,000-result cap).
    #[arg(long, value_name = "N", default_value_t = SYNTHETIC_TICKETS)]
    pub tickets: usize,

    /// How long the user access tokens of a sign-in last, in seconds (sign in through
    /// its /open-apis/authen/v1/authorize page or its device flow).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = MOCK_USER_TOKEN_TTL
    )]
    pub user_token_ttl: u64,

    /// How long refresh tokens last, in seconds (never past 365 days from the sign-in).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = MOCK_REFRESH_TOKEN_TTL
    )]
    pub refresh_token_ttl: u64,

    /// Push the events of the helpdesk (messages sent, tickets updated or added, through
    /// the API or by --activity-every) to URL, the app's request URL, as the platform
    /// does: encrypted and signed when LARK_ENCRYPT_KEY is set, header.token from
    /// LARK_VERIFICATION_TOKEN, a push not answered 200 within 3 s retried after 15 s,
    /// 5 min, 1 h and 6 h.
    #[arg(long, value_name = "URL")]
    pub events_to: Option<String>,

    /// Multiply the retry schedule of --events-to by FACTOR (e.g. 0.001: 15 ms, 300 ms,
    /// 3.6 s, 21.6 s), for trying an app's handling of retries.
    #[arg(long, value_name = "FACTOR", value_parser = parse_scale, requires = "events_to")]
    pub events_retry_scale: Option<f64>,

    /// Change the helpdesk by itself every DURATION (e.g. 500ms, 2s, 1m): mostly a new
    /// message in a random ticket, sometimes a ticket updated or a new ticket; each change
    /// is an event.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub activity_every: Option<std::time::Duration>,
}

/// The variable `mock-server` reads its Encrypt Key from (never a flag: a secret on a
/// command line is visible to every user of the machine).
pub const ENCRYPT_KEY_VAR: &str = "LARK_ENCRYPT_KEY";
/// The variable `mock-server` reads its Verification Token from.
pub const VERIFICATION_TOKEN_VAR: &str = "LARK_VERIFICATION_TOKEN";

/// The longest duration a flag takes: a year (and a day), far below what a clock holds.
const MAX_DURATION: std::time::Duration = std::time::Duration::from_secs(366 * 24 * 3600);

/// Parses a duration: a number and a unit (`500ms`, `2s`, `1m`, `1h`, or jiff's friendly
/// forms such as `1m 30s`); a bare number is seconds. At least a millisecond.
pub fn parse_duration(input: &str) -> Result<std::time::Duration, String> {
    let input = input.trim();
    let parsed = if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        input
            .parse::<f64>()
            .ok()
            .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
    } else {
        input
            .parse::<jiff::SignedDuration>()
            .ok()
            .and_then(|d| std::time::Duration::try_from(d).ok())
    };
    parsed
        .filter(|d| *d >= std::time::Duration::from_millis(1) && *d <= MAX_DURATION)
        .ok_or_else(|| {
            format!("{input:?} is not a duration from 1ms to 366 days (500ms, 2s, 1m, 10m)")
        })
}

/// Parses the factor of `--events-retry-scale`: a number above 0, at most 100.
pub fn parse_scale(input: &str) -> Result<f64, String> {
    input
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite() && *f > 0.0 && *f <= 100.0)
        .ok_or_else(|| format!("{input:?} is not a number above 0, at most 100"))
}

/// How messages are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns: time, user, type, text (fit to $COLUMNS, else 120).
    Table,
    /// One JSON document (an object for one page, an array for --all).
    Json,
    /// One JSON message per line.
    Ndjson,
    /// A header, then one row per message.
    Csv,
}

/// Faults the embedded fake server can inject (`--mock-fault`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MockFault {
    /// HTTP 429, code 99991400, x-ogw-ratelimit-reset: 1 (retried after the reset).
    RateLimit,
    /// Every request rate limited: the retries run out (exit code 4).
    RateLimitAlways,
    /// Code 99991663, the tenant token expired (a new token is fetched, once).
    TokenExpired,
    /// HTTP 500, code 155000 (retried with backoff).
    Internal,
    /// HTTP 502 with an HTML gateway page (retried with backoff).
    #[value(name = "gateway-502")]
    Gateway502,
    /// HTTP 200 with half a JSON body (not retried: shows the decode error).
    Truncated,
    /// Answers after 1.5 seconds.
    Slow,
    /// The connection is dropped without an answer (retried with backoff).
    Connection,
}

/// Parses `--since`/`--until`: Unix seconds, or an RFC 3339 timestamp.
pub fn parse_time(input: &str) -> Result<jiff::Timestamp, String> {
    let input = input.trim();
    if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        return input
            .parse::<i64>()
            .map_err(|e| e.to_string())
            .and_then(|s| jiff::Timestamp::from_second(s).map_err(|e| e.to_string()))
            .map_err(|e| format!("{input:?}: {e}"));
    }
    input.parse::<jiff::Timestamp>().map_err(|e| {
        format!("{input:?} is neither Unix seconds nor RFC 3339 (2021-04-09T09:31:26Z): {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn durations_take_a_unit_or_are_seconds() {
        use std::time::Duration;
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
        assert_eq!(
            parse_duration("8784h"),
            Ok(Duration::from_secs(366 * 24 * 3600))
        );
        assert!(parse_duration("8785h").is_err());
        assert!(parse_duration("10000000000000000000").is_err());
        assert_eq!(parse_scale("0.001"), Ok(0.001));
        assert!(parse_scale("0").is_err());
        assert!(parse_scale("-1").is_err());
        assert!(parse_scale("1e20").is_err());
    }

    #[test]
    fn times_are_unix_seconds_or_rfc3339() {
        let t = jiff::Timestamp::from_second(1_617_960_686).unwrap();
        assert_eq!(parse_time("1617960686"), Ok(t));
        assert_eq!(parse_time("2021-04-09T09:31:26Z"), Ok(t));
        assert_eq!(parse_time("2021-04-09T17:31:26+08:00"), Ok(t));
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("-5").is_err());
        assert!(parse_time("").is_err());
    }

    #[cfg(feature = "mock")]
    #[test]
    fn the_example_ticket_is_the_specs() {
        let documented = lark_helpdesk_api::spec::Spec::embedded()
            .parameter_example("list_ticket_messages", "ticket_id")
            .and_then(|v| v.as_str())
            .expect("the spec has an example ticket id");
        assert_eq!(EXAMPLE_TICKET_ID, documented);
    }

    #[cfg(feature = "mock")]
    #[test]
    fn the_mock_token_lifetimes_are_the_fake_servers() {
        assert_eq!(
            MOCK_USER_TOKEN_TTL,
            lark_helpdesk_mock::DEFAULT_USER_TOKEN_TTL.as_secs()
        );
        assert_eq!(
            MOCK_REFRESH_TOKEN_TTL,
            lark_helpdesk_mock::DEFAULT_REFRESH_TOKEN_TTL.as_secs()
        );
    }

    #[test]
    fn the_help_names_the_mock_tickets() {
        assert!(AFTER_HELP.contains(&format!("{} tickets", SYNTHETIC_TICKETS)));
        assert!(AFTER_HELP.contains(EXAMPLE_TICKET_ID));
        assert!(AFTER_HELP.contains(SYNTHETIC_TICKET_ID));
        assert!(AFTER_HELP.contains(&SYNTHETIC_MESSAGES.to_string()));
    }
}
