//! `auth`: a user signs in (the authorization page with a loopback redirect, or the device
//! flow), and the tokens go into the file store that every later command reads; `status`,
//! `token` and `logout`.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use lark_helpdesk::{
    Clock, FileStore, OAuthApp, StoredTokens, SystemClock, TokenStore, UserTokens, env,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::args::{AuthArgs, AuthCommand, LoginArgs};
use crate::exit::CliError;

/// The scope asked for when none is given.
const DEFAULT_SCOPE: &str = "helpdesk:all";
/// The most a redirect request may hold before it is refused.
const MAX_REQUEST: usize = 16 * 1024;

fn usage(message: String, hint: Option<&str>) -> CliError {
    CliError::Usage {
        message,
        hint: hint.map(str::to_owned),
    }
}

/// The store of the signed-in users' tokens.
pub fn store() -> Result<FileStore, CliError> {
    FileStore::default_location().ok_or_else(|| {
        usage(
            "no configuration directory to keep the tokens in".into(),
            Some("set XDG_CONFIG_HOME (or HOME)"),
        )
    })
}

/// The app as an OAuth client, from `lookup` (flags over `LARK_*` variables).
pub fn oauth_app(lookup: &impl Fn(&str) -> Option<String>) -> Result<OAuthApp, CliError> {
    let (Some(id), Some(secret)) = (lookup(env::APP_ID), lookup(env::APP_SECRET)) else {
        return Err(usage(
            format!(
                "signing a user in takes the app's credentials: set {} and {} (or --app-id and \
                 --app-secret-file)",
                env::APP_ID,
                env::APP_SECRET
            ),
            None,
        ));
    };
    let base = lookup(env::BASE_URL).unwrap_or_else(|| lark_helpdesk::FEISHU_BASE_URL.into());
    Ok(OAuthApp::new(
        id,
        secret,
        &base,
        lookup(env::ACCOUNTS_URL).as_deref(),
    )?)
}

/// The most recently signed-in user of `app_id`, if any.
pub fn signed_in(store: &FileStore, app_id: &str) -> Result<Option<StoredTokens>, CliError> {
    Ok(store
        .users_now(app_id)
        .map_err(|e| CliError::Other(e.to_string()))?
        .into_iter()
        .next())
}

/// Runs `auth`.
pub async fn run(lookup: impl Fn(&str) -> Option<String>, args: &AuthArgs) -> Result<(), CliError> {
    let app = oauth_app(&lookup)?;
    let store = store()?;
    match &args.command {
        AuthCommand::Login(login) => self::login(&app, &store, login).await,
        AuthCommand::Status => status(&app, &store).await,
        AuthCommand::Token => {
            let user = current(&app, &store)?;
            let token = UserTokens::new(app.clone(), Arc::new(store), user.user)
                .access_token()
                .await?;
            let mut out = io::stdout().lock();
            writeln!(out, "{}", token.expose_secret())?;
            Ok(())
        }
        AuthCommand::Logout => logout(&app, &store).await,
    }
}

fn current(app: &OAuthApp, store: &FileStore) -> Result<StoredTokens, CliError> {
    signed_in(store, app.app_id())?.ok_or_else(|| {
        CliError::Auth(format!(
            "nobody is signed in to app {}: run `lark-helpdesk auth login`",
            app.app_id()
        ))
    })
}

async fn login(app: &OAuthApp, store: &FileStore, args: &LoginArgs) -> Result<(), CliError> {
    let scopes: Vec<&str> = if args.scopes.is_empty() {
        vec![DEFAULT_SCOPE]
    } else {
        args.scopes.iter().map(String::as_str).collect()
    };
    let wait = Duration::from_secs(args.timeout.max(1));
    let grant = if args.device {
        let device = app.device_authorization(&scopes).await?;
        eprintln!(
            "To sign in, open {} and enter the code {}",
            device.verification_uri, device.user_code
        );
        if let Some(complete) = &device.verification_uri_complete {
            eprintln!("(or open {complete})");
        }
        tokio::time::timeout(wait, app.wait_for_device(&device))
            .await
            .map_err(|_| timed_out(wait))??
    } else {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.redirect_port))
            .await
            .map_err(|e| {
                usage(
                    format!("cannot listen on 127.0.0.1:{}: {e}", args.redirect_port),
                    Some("choose another --redirect-port (and register it as a redirect URL)"),
                )
            })?;
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or(args.redirect_port);
        let redirect_uri = format!("http://127.0.0.1:{port}/callback");
        let request = app.authorization_request(&redirect_uri, &scopes);
        if args.no_browser || !open_browser(&request.url) {
            eprintln!(
                "To sign in, open this page in a browser:\n\n  {}\n",
                request.url
            );
        } else {
            eprintln!(
                "A browser opens the sign-in page; if it does not, open:\n\n  {}\n",
                request.url
            );
        }
        eprintln!("Waiting for the redirect to {redirect_uri} ...");
        let (query, mut socket) =
            tokio::time::timeout(wait, receive_redirect(&listener, &request.state))
                .await
                .map_err(|_| timed_out(wait))??;
        // The browser's page says what happened, once it has happened.
        let grant = app.exchange_redirect(&request, &query).await;
        let page = match &grant {
            Ok(_) => {
                "Signed in to lark-helpdesk. You can close this tab and return to the terminal."
            }
            Err(_) => "The sign-in failed: the terminal says why.",
        };
        let _ = respond(&mut socket, "200 OK", page).await;
        grant?
    };
    let tokens = lark_helpdesk::sign_in(app, store, &grant, &SystemClock).await?;
    eprintln!(
        "Signed in as {} ({}) to app {}; scopes: {}",
        crate::output::printable(tokens.name.as_deref().unwrap_or("?")),
        crate::output::printable(&tokens.user),
        app.app_id(),
        crate::output::printable(&tokens.scope)
    );
    Ok(())
}

fn timed_out(wait: Duration) -> CliError {
    CliError::Auth(format!(
        "nobody signed in within {}s: run `lark-helpdesk auth login` again",
        wait.as_secs()
    ))
}

/// Opens `url` in the user's browser; false when no opener could be started.
fn open_browser(url: &str) -> bool {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

/// Waits for the redirect on `listener` carrying `state`, and returns its query with the
/// connection to answer once the code is exchanged. Every byte is untrusted: a connection
/// has a few seconds to send its request line, at most 16 KiB are read, and
/// a request that is not the redirect of this sign-in (another path, another `state`: any
/// local process or web page can reach the port) is refused and the wait goes on.
pub async fn receive_redirect(
    listener: &tokio::net::TcpListener,
    state: &str,
) -> Result<(String, tokio::net::TcpStream), CliError> {
    // Each connection is read on a task of its own, so that one that sends nothing does
    // not hold the real redirect back.
    let (found, mut redirects) = tokio::sync::mpsc::channel(1);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            Some(redirect) = redirects.recv() => return Ok(redirect),
            accepted = listener.accept() => {
                let (socket, _) = accepted.map_err(|e| {
                    CliError::Other(format!("the redirect listener failed: {e}"))
                })?;
                let (found, state) = (found.clone(), state.to_owned());
                connections.spawn(async move {
                    if let Some(redirect) = serve_connection(socket, &state).await {
                        let _ = found.send(redirect).await;
                    }
                });
                // Finished connections are reaped as others come.
                while connections.try_join_next().is_some() {}
            }
        }
    }
}

/// Reads one request (a few seconds at most) and answers it unless it is this sign-in's
/// redirect, which is returned with its connection.
async fn serve_connection(
    mut socket: tokio::net::TcpStream,
    state: &str,
) -> Option<(String, tokio::net::TcpStream)> {
    let target = tokio::time::timeout(Duration::from_secs(5), request_target(&mut socket))
        .await
        .ok()?;
    let Some(target) = target else {
        let _ = respond(&mut socket, "400 Bad Request", "Bad request.").await;
        return None;
    };
    let query = target
        .strip_prefix("/callback")
        .filter(|rest| rest.is_empty() || rest.starts_with('?'))
        .map(|rest| rest.trim_start_matches('?').to_owned());
    let ours = query.as_deref().is_some_and(|q| {
        url::form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "state" && v == state)
    });
    match query {
        Some(query) if ours => Some((query, socket)),
        Some(_) => {
            let _ = respond(
                &mut socket,
                "400 Bad Request",
                "Not the redirect of this sign-in.",
            )
            .await;
            None
        }
        None => {
            let _ = respond(&mut socket, "404 Not Found", "Not found.").await;
            None
        }
    }
}

/// The target of a `GET` request on `socket` (its request line), read up to
/// 16 KiB; `None` for anything else.
async fn request_target(socket: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_REQUEST {
            return None;
        }
    };
    let line = std::str::from_utf8(&buffer[..end]).ok()?.lines().next()?;
    let mut parts = line.split(' ');
    (parts.next() == Some("GET"))
        .then(|| parts.next().map(str::to_owned))
        .flatten()
}

async fn respond(socket: &mut tokio::net::TcpStream, status: &str, text: &str) -> io::Result<()> {
    let body =
        format!("<!doctype html><meta charset=utf-8><title>lark-helpdesk</title><p>{text}</p>\n");
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\n\
         connection: close\r\ncache-control: no-store\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await?;
    socket.write_all(body.as_bytes()).await?;
    socket.shutdown().await
}

/// Unix milliseconds as RFC 3339, and how far from now.
fn when(ms: i64, now: i64) -> String {
    let at = jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.round(jiff::Unit::Second).unwrap_or(t).to_string())
        .unwrap_or_else(|_| ms.to_string());
    let secs = (ms - now) / 1000;
    let (sign, secs) = if secs < 0 {
        ("ago", -secs)
    } else {
        ("from now", secs)
    };
    let span = match secs {
        s if s >= 2 * 86_400 => format!("{} days", s / 86_400),
        s if s >= 2 * 3600 => format!("{} hours", s / 3600),
        s if s >= 120 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    };
    format!("{at} ({span} {sign})")
}

async fn status(app: &OAuthApp, store: &FileStore) -> Result<(), CliError> {
    let stored = current(app, store)?;
    let provider = UserTokens::new(app.clone(), Arc::new(store.clone()), stored.user.clone());
    // A token the platform accepts, and who it says the user is.
    let live = match provider.access_token().await {
        Ok(token) => app
            .user_info(&token.expose_secret().to_owned().into())
            .await
            .map_err(CliError::from),
        Err(e) => Err(CliError::from(e)),
    };
    let stored = store
        .load(app.app_id(), &stored.user)
        .await
        .map_err(|e| CliError::Other(e.to_string()))?
        .unwrap_or(stored);
    let now = SystemClock.unix_ms();
    let mut out = io::stdout().lock();
    let name = match &live {
        Ok(info) => info.name.clone().unwrap_or_default(),
        Err(_) => stored.name.clone().unwrap_or_default(),
    };
    writeln!(
        out,
        "user: {} ({})",
        crate::output::printable(&name),
        crate::output::printable(&stored.user)
    )?;
    writeln!(out, "app: {}", app.app_id())?;
    writeln!(out, "scopes: {}", crate::output::printable(&stored.scope))?;
    writeln!(
        out,
        "access token expires: {}",
        when(stored.expires_at_ms, now)
    )?;
    match stored.refresh_expires_at_ms {
        Some(at) => writeln!(out, "refresh token expires: {}", when(at, now))?,
        None => writeln!(
            out,
            "refresh token: none (the sign-in ends with the access token)"
        )?,
    }
    let cap = i64::try_from(lark_helpdesk::SIGN_IN_LIFETIME.as_millis()).unwrap_or(i64::MAX);
    writeln!(
        out,
        "signed in: {}; the sign-in ends {}",
        when(stored.signed_in_at_ms, now),
        when(stored.signed_in_at_ms.saturating_add(cap), now)
    )?;
    drop(out);
    live.map(|_| ())
}

async fn logout(app: &OAuthApp, store: &FileStore) -> Result<(), CliError> {
    let user = current(app, store)?.user;
    // Under the refresh lock, read again: a refresh in another process cannot store a new
    // pair after the delete.
    let _lock = store
        .lock(app.app_id(), &user)
        .await
        .map_err(|e| CliError::Other(e.to_string()))?;
    let stored = store
        .load(app.app_id(), &user)
        .await
        .map_err(|e| CliError::Other(e.to_string()))?
        .ok_or_else(|| CliError::Auth(format!("{user} is no longer signed in")))?;
    let mut revoked = true;
    if let Some(refresh) = &stored.refresh_token
        && let Err(e) = app.revoke(refresh, "refresh_token").await
    {
        revoked = false;
        eprintln!("warning: the platform did not revoke the refresh token: {e}");
    }
    if let Err(e) = app.revoke(&stored.access_token, "access_token").await {
        revoked = false;
        eprintln!("warning: the platform did not revoke the access token: {e}");
    }
    store
        .delete(app.app_id(), &stored.user)
        .await
        .map_err(|e| CliError::Other(e.to_string()))?;
    eprintln!(
        "Signed out {} ({}){}",
        crate::output::printable(stored.name.as_deref().unwrap_or("?")),
        crate::output::printable(&stored.user),
        if revoked {
            ""
        } else {
            "; the stored tokens are deleted"
        }
    );
    if let Some(next) = signed_in(store, app.app_id())? {
        eprintln!(
            "Still signed in: {} ({}), whom commands now use",
            crate::output::printable(next.name.as_deref().unwrap_or("?")),
            crate::output::printable(&next.user)
        );
    }
    Ok(())
}

/// The user token source of the commands that call operations: the signed-in user's
/// tokens, when `LARK_USER_ACCESS_TOKEN` gives none.
pub fn user_tokens(lookup: &impl Fn(&str) -> Option<String>) -> Option<UserTokens> {
    if lookup(env::USER_ACCESS_TOKEN).is_some() {
        return None;
    }
    let app = oauth_app(lookup).ok()?;
    let store = FileStore::default_location()?;
    let user = signed_in(&store, app.app_id()).ok()??;
    Some(UserTokens::new(
        app,
        Arc::new(store) as Arc<dyn TokenStore>,
        user.user,
    ))
}
