//! User access tokens: refreshed before they expire, once however many tasks (and stores'
//! users) need one, the stored pair kept on a transient failure, a reused refresh token
//! answered by what is stored or by "sign in again", the token file private. A wiremock
//! token endpoint that rotates like the platform; time from a manual clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lark_helpdesk::{
    Clock, Error, FileStore, ManualClock, MemoryStore, OAuthApp, StoredTokens, TokenProvider,
    TokenStore, UserAction, UserTokens,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const APP: &str = "cli_user_tokens";
const USER: &str = "ou_user";

/// Rotates like the platform: refresh token `r-N` gives access `u-N+1` and refresh
/// `r-N+1`; any other refresh token is refused with 20073.
struct Rotating {
    current: Arc<AtomicUsize>,
    calls: Arc<AtomicUsize>,
    fail_with: Option<(u16, i64)>,
}

impl Respond for Rotating {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if let Some((status, code)) = self.fail_with {
            return ResponseTemplate::new(status).set_body_json(
                json!({ "code": code, "error": "server_error", "error_description": "try later" }),
            );
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let n = self.current.load(Ordering::SeqCst);
        if body["grant_type"] != "refresh_token" || body["refresh_token"] != format!("r-{n}") {
            return ResponseTemplate::new(400).set_body_json(json!({
                "code": 20073, "error": "invalid_grant",
                "error_description": "The refresh token has been used."
            }));
        }
        self.current.store(n + 1, Ordering::SeqCst);
        ResponseTemplate::new(200).set_body_json(json!({
            "code": 0,
            "access_token": format!("u-{}", n + 1),
            "expires_in": 7200,
            "refresh_token": format!("r-{}", n + 1),
            "refresh_token_expires_in": 604800,
            "token_type": "Bearer",
            "scope": "helpdesk:all offline_access",
        }))
    }
}

struct Setup {
    _server: MockServer,
    app: OAuthApp,
    current: Arc<AtomicUsize>,
    calls: Arc<AtomicUsize>,
}

async fn setup(fail_with: Option<(u16, i64)>) -> Setup {
    let server = MockServer::start().await;
    let (current, calls) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(Rotating {
            current: current.clone(),
            calls: calls.clone(),
            fail_with,
        })
        .mount(&server)
        .await;
    let app = OAuthApp::new(APP, "app-secret", &server.uri(), None).expect("app");
    Setup {
        _server: server,
        app,
        current,
        calls,
    }
}

/// Tokens `u-0`/`r-0` for `USER`, the access token expiring `expires_in` from `clock`'s now.
fn signed_in(clock: &ManualClock, expires_in: Duration) -> StoredTokens {
    let now = clock.unix_ms();
    let mut tokens = lark_helpdesk::stored_from_grant(
        APP,
        &serde_json::from_value(json!({ "open_id": USER, "name": "A User" })).unwrap(),
        &lark_helpdesk::Grant {
            access_token: "u-0".to_string().into(),
            expires_in,
            refresh_token: Some("r-0".to_string().into()),
            refresh_expires_in: Some(Duration::from_secs(604_800)),
            scope: "helpdesk:all offline_access".into(),
        },
        now,
        now,
    );
    tokens.name = Some("A User".into());
    tokens
}

fn provider(app: &OAuthApp, store: Arc<dyn TokenStore>, clock: &ManualClock) -> UserTokens {
    UserTokens::new(app.clone(), store, USER).with_clock(clock.clone())
}

async fn token(p: &UserTokens) -> Result<String, Error> {
    p.token().await.map(|t| t.expose_secret().to_owned())
}

#[tokio::test]
async fn many_tasks_across_several_expiries_refresh_once_each_time() {
    let s = setup(None).await;
    let clock = ManualClock::new();
    let store = Arc::new(MemoryStore::new());
    store
        .save(&signed_in(&clock, Duration::from_secs(7200)))
        .await
        .unwrap();
    let p = Arc::new(provider(&s.app, store.clone(), &clock));
    for round in 1..=4 {
        // Fresh: no request at all.
        assert_eq!(token(&p).await.unwrap(), format!("u-{}", round - 1));
        // Into the refresh margin: 32 tasks at once, one refresh.
        clock.advance(Duration::from_secs(7200 - 200));
        let tasks: Vec<_> = (0..32)
            .map(|_| {
                let p = p.clone();
                tokio::spawn(async move { token(&p).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), format!("u-{round}"));
        }
        assert_eq!(
            s.calls.load(Ordering::SeqCst),
            round,
            "one refresh in round {round}"
        );
        let stored = store.load(APP, USER).await.unwrap().unwrap();
        assert_eq!(
            stored
                .refresh_token
                .as_ref()
                .map(|r| secrecy::ExposeSecret::expose_secret(r).to_owned()),
            Some(format!("r-{round}")),
            "the new pair is stored"
        );
    }
}

#[tokio::test]
async fn two_providers_sharing_a_file_store_never_refresh_twice() {
    // Two providers stand for two processes: their in-process locks differ, only the
    // store's file lock is shared.
    let s = setup(None).await;
    let clock = ManualClock::new();
    let dir = std::env::temp_dir().join(format!("lark-user-tokens-{}", std::process::id()));
    let store: Arc<dyn TokenStore> = Arc::new(FileStore::new(&dir));
    store
        .save(&signed_in(&clock, Duration::from_secs(60)))
        .await
        .unwrap();
    let (a, b) = (
        Arc::new(provider(&s.app, store.clone(), &clock)),
        Arc::new(provider(&s.app, store.clone(), &clock)),
    );
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let p = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move { token(&p).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), "u-1");
    }
    assert_eq!(s.calls.load(Ordering::SeqCst), 1, "one refresh for both");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let file = FileStore::new(&dir).path_of(APP, USER);
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the token file is private");
        let dir_mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(dir_mode, 0o700);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_transient_failure_keeps_the_stored_tokens() {
    let s = setup(Some((500, 20050))).await;
    let clock = ManualClock::new();
    let store = Arc::new(MemoryStore::new());
    store
        .save(&signed_in(&clock, Duration::from_secs(60)))
        .await
        .unwrap();
    let p = provider(&s.app, store.clone(), &clock);
    let error = token(&p).await.expect_err("the platform failed");
    match &error {
        Error::UserAuth(e) => {
            assert_eq!(e.action, UserAction::RetryLater);
            assert_eq!(e.code, Some(20050));
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_auth(), "not a reason to sign in again");
    let kept = store.load(APP, USER).await.unwrap().expect("still stored");
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&kept.access_token),
        "u-0"
    );
}

#[tokio::test]
async fn a_reused_refresh_token_with_nothing_newer_stored_asks_to_sign_in_again() {
    let s = setup(None).await;
    let clock = ManualClock::new();
    let store = Arc::new(MemoryStore::new());
    store
        .save(&signed_in(&clock, Duration::from_secs(60)))
        .await
        .unwrap();
    // The platform already rotated r-0 (a refresh whose answer was lost).
    s.current.store(1, Ordering::SeqCst);
    let p = provider(&s.app, store.clone(), &clock);
    let error = token(&p).await.expect_err("r-0 is dead");
    match &error {
        Error::UserAuth(e) => {
            assert_eq!(e.action, UserAction::SignInAgain);
            assert_eq!(e.code, Some(20073));
            assert!(e.reason.contains("already used"), "{}", e.reason);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_auth());
    assert!(error.to_string().contains("auth login"), "{error}");
}

#[tokio::test]
async fn a_refused_access_token_is_refreshed_before_it_expires() {
    let s = setup(None).await;
    let clock = ManualClock::new();
    let store = Arc::new(MemoryStore::new());
    store
        .save(&signed_in(&clock, Duration::from_secs(7200)))
        .await
        .unwrap();
    let p = provider(&s.app, store, &clock);
    let first = p.token().await.unwrap();
    assert_eq!(first.expose_secret(), "u-0");
    p.invalidate(&first);
    assert_eq!(token(&p).await.unwrap(), "u-1");
    assert_eq!(s.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_sign_in_ends_after_365_days_and_nobody_is_signed_in_without_tokens() {
    let s = setup(None).await;
    let clock = ManualClock::new();
    let store = Arc::new(MemoryStore::new());
    let p = provider(&s.app, store.clone(), &clock);
    match token(&p).await {
        Err(Error::UserAuth(e)) => assert_eq!(e.action, UserAction::SignInAgain),
        other => panic!("{other:?}"),
    }
    let mut tokens = signed_in(&clock, Duration::from_secs(60));
    tokens.signed_in_at_ms -= lark_helpdesk::SIGN_IN_LIFETIME.as_millis() as i64;
    tokens.refresh_expires_at_ms = Some(clock.unix_ms() + 1_000_000);
    store.save(&tokens).await.unwrap();
    match token(&p).await {
        Err(Error::UserAuth(e)) => {
            assert_eq!(e.action, UserAction::SignInAgain);
            assert!(e.reason.contains("365"), "{}", e.reason);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.calls.load(Ordering::SeqCst), 0, "nothing sent");
}

#[test]
fn no_token_in_debug() {
    let clock = ManualClock::new();
    let tokens = signed_in(&clock, Duration::from_secs(60));
    let shown = format!("{tokens:?}");
    assert!(!shown.contains("u-0") && !shown.contains("r-0"), "{shown}");
    let app = OAuthApp::new(
        APP,
        "app-secret-SHOULD-NOT-SHOW",
        "https://open.feishu.cn",
        None,
    )
    .unwrap();
    assert!(!format!("{app:?}").contains("SHOULD-NOT-SHOW"));
}

/// A store whose saves fail (a full disk), reads as another store.
struct FailingSaves(MemoryStore, Arc<AtomicUsize>);

impl TokenStore for FailingSaves {
    fn load(
        &self,
        app_id: &str,
        user: &str,
    ) -> lark_helpdesk::BoxFuture<'_, Result<Option<StoredTokens>, lark_helpdesk::StoreError>> {
        self.0.load(app_id, user)
    }
    fn save(
        &self,
        tokens: &StoredTokens,
    ) -> lark_helpdesk::BoxFuture<'_, Result<(), lark_helpdesk::StoreError>> {
        if self.1.load(Ordering::SeqCst) > 0 {
            self.1.fetch_sub(1, Ordering::SeqCst);
            return Box::pin(std::future::ready(Err(lark_helpdesk::StoreError(
                "disk full".into(),
            ))));
        }
        self.0.save(tokens)
    }
    fn delete(
        &self,
        app_id: &str,
        user: &str,
    ) -> lark_helpdesk::BoxFuture<'_, Result<(), lark_helpdesk::StoreError>> {
        self.0.delete(app_id, user)
    }
    fn users(
        &self,
        app_id: &str,
    ) -> lark_helpdesk::BoxFuture<'_, Result<Vec<StoredTokens>, lark_helpdesk::StoreError>> {
        self.0.users(app_id)
    }
    fn lock(
        &self,
        app_id: &str,
        user: &str,
    ) -> lark_helpdesk::BoxFuture<'_, Result<Box<dyn Send>, lark_helpdesk::StoreError>> {
        self.0.lock(app_id, user)
    }
}

#[tokio::test]
async fn a_refreshed_pair_the_store_cannot_take_is_kept_and_stored_later() {
    let s = setup(None).await;
    let clock = ManualClock::new();
    let memory = MemoryStore::new();
    memory
        .save(&signed_in(&clock, Duration::from_secs(60)))
        .await
        .unwrap();
    let fails = Arc::new(AtomicUsize::new(1));
    let store = Arc::new(FailingSaves(memory.clone(), fails.clone()));
    let p = provider(&s.app, store, &clock);
    // The refresh succeeds, its save fails: the new token is used all the same.
    assert_eq!(token(&p).await.unwrap(), "u-1");
    let stored = memory.load(APP, USER).await.unwrap().unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&stored.access_token),
        "u-0"
    );
    // The next call stores it (the old refresh token is dead: it must not be lost).
    assert_eq!(token(&p).await.unwrap(), "u-1");
    let stored = memory.load(APP, USER).await.unwrap().unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&stored.access_token),
        "u-1"
    );
    assert_eq!(s.calls.load(Ordering::SeqCst), 1, "one refresh");
}

/// The platform, as seen by a process that lost a race without a shared lock: another
/// process refreshed `r-0` first and stored its pair; this refresh of `r-0` is refused
/// (20073) once the other's pair is in the store.
struct OtherProcessWins {
    store: MemoryStore,
    newer: StoredTokens,
    calls: Arc<AtomicUsize>,
}

impl Respond for OtherProcessWins {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.calls.fetch_add(1, Ordering::SeqCst);
        futures::executor::block_on(self.store.save(&self.newer)).unwrap();
        ResponseTemplate::new(400).set_body_json(json!({
            "code": 20073, "error": "invalid_grant",
            "error_description": "The refresh token has been used."
        }))
    }
}

#[tokio::test]
async fn a_reused_refresh_token_finds_the_pair_another_process_stored() {
    let server = MockServer::start().await;
    let clock = ManualClock::new();
    let store = MemoryStore::new();
    store
        .save(&signed_in(&clock, Duration::from_secs(60)))
        .await
        .unwrap();
    let mut newer = signed_in(&clock, Duration::from_secs(7200));
    newer.access_token = "u-other".to_string().into();
    newer.refresh_token = Some("r-other".to_string().into());
    let calls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/oauth/v3/token"))
        .respond_with(OtherProcessWins {
            store: store.clone(),
            newer,
            calls: calls.clone(),
        })
        .mount(&server)
        .await;
    let app = OAuthApp::new(APP, "app-secret", &server.uri(), None).unwrap();
    let p = provider(&app, Arc::new(store), &clock);
    assert_eq!(
        token(&p).await.unwrap(),
        "u-other",
        "the other process's pair"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn concurrent_saves_to_a_file_store_never_tear_the_file() {
    let clock = ManualClock::new();
    let dir = std::env::temp_dir().join(format!("lark-user-tokens-saves-{}", std::process::id()));
    let store = FileStore::new(&dir);
    let tasks: Vec<_> = (0..24)
        .map(|i| {
            let store = store.clone();
            let mut tokens = signed_in(&clock, Duration::from_secs(60));
            // Payloads of different lengths: a shared partial file would keep a tail.
            tokens.scope = "x".repeat(i * 97);
            tokio::spawn(async move { store.save(&tokens).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("saved");
    }
    let stored = store
        .load(APP, USER)
        .await
        .expect("readable")
        .expect("there");
    assert!(stored.scope.chars().all(|c| c == 'x'));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
