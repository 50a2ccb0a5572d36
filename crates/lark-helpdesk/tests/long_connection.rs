//! The long connection against the fake server: delivery and answers, fragments,
//! duplicates, lost and silent connections, stopping, refusals, and secrets.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lark_helpdesk::{
    Client, ConnectionState, DisconnectReason, Event, LongConnection, LongConnectionError,
};
use lark_helpdesk_mock::{LongConnectionFault, LongConnectionLog, MockHelpdesk};
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

fn client(mock: &MockHelpdesk, secret: &str) -> Client {
    let c = mock.credentials();
    Client::builder()
        .base_url(mock.uri())
        .app_credentials(&c.app_id, secret)
        .helpdesk_credential(&c.helpdesk_id, &c.helpdesk_token)
        .build()
        .expect("client")
}

/// A schema 2.0 envelope of a ticket created.
fn event(id: &str) -> String {
    format!(
        r#"{{"schema":"2.0","header":{{"event_id":"{id}","event_type":"helpdesk.ticket.created_v1","create_time":"1700000000000","app_id":"cli_mock_app","tenant_key":"t1"}},"event":{{"ticket_id":"6948728206392295444","helpdesk_id":"1","guest":{{"open_id":"ou_1"}},"stage":1,"status":1}}}}"#
    )
}

/// Small timings: tests wait for counts and states, not for durations.
fn connection(mock: &MockHelpdesk, states: &States) -> LongConnection {
    let states = Arc::clone(states);
    LongConnection::new(&client(mock, &mock.credentials().app_secret))
        .ping_interval(Duration::from_millis(100))
        .ping_timeout_margin(Duration::from_millis(800))
        .reconnect_nonce(Duration::from_millis(20))
        .reconnect_interval(Duration::from_millis(20))
        .connect_timeout(Duration::from_secs(5))
        .on_state(move |state| states.lock().unwrap().push(state.clone()))
}

type States = Arc<Mutex<Vec<ConnectionState>>>;
type Calls = Arc<Mutex<Vec<String>>>;

/// Waits (polling, 10 s at most) until `done` holds of the mock's log.
async fn until(mock: &MockHelpdesk, what: &str, done: impl Fn(&LongConnectionLog) -> bool) {
    for _ in 0..1000 {
        if done(&mock.long_connection_log()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what}: {:?}", mock.long_connection_log());
}

/// Runs `connection` with `handler` on a task; the sender stops it.
fn spawn<H, F>(
    connection: LongConnection,
    handler: H,
) -> (
    oneshot::Sender<()>,
    JoinHandle<Result<(), LongConnectionError>>,
)
where
    H: Fn(Event) -> F + Send + Sync + 'static,
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        connection
            .run(handler, async {
                let _ = stopped.await;
            })
            .await
    });
    (stop, task)
}

/// A handler recording each event id.
fn recording(calls: &Calls) -> impl Fn(Event) -> std::future::Ready<Result<(), String>> + use<> {
    let calls = Arc::clone(calls);
    move |event: Event| {
        calls.lock().unwrap().push(event.id().to_owned());
        std::future::ready(Ok(()))
    }
}

fn codes(log: &LongConnectionLog, id: &str) -> Vec<i64> {
    log.acks
        .iter()
        .filter(|a| a.event_id == id)
        .map(|a| a.code)
        .collect()
}

async fn stop(
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), LongConnectionError>>,
) -> Result<(), LongConnectionError> {
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("run returns after stop")
        .expect("no panic")
}

/// A fake server whose answers are waited for long: an event held by a test's handler is
/// not pushed again on a loaded machine.
async fn patient_mock() -> MockHelpdesk {
    let mut config = lark_helpdesk_mock::LongConnectionConfig::default();
    config.ack_timeout = Duration::from_secs(600);
    MockHelpdesk::builder()
        .long_connection(config)
        .start()
        .await
        .expect("mock")
}

/// A margin no stall of a loaded machine reaches: for tests that count connections.
const CALM_MARGIN: Duration = Duration::from_secs(60);

#[tokio::test]
async fn events_are_answered_after_their_handler_and_a_failure_is_pushed_again() {
    let mock = patient_mock().await;
    let states = States::default();
    let calls = Calls::default();
    let release = Arc::new(Notify::new());
    let handler = {
        let (calls, release) = (Arc::clone(&calls), Arc::clone(&release));
        move |event: Event| {
            let (calls, release) = (Arc::clone(&calls), Arc::clone(&release));
            async move {
                let id = event.id().to_owned();
                let nth = {
                    let mut calls = calls.lock().unwrap();
                    calls.push(id.clone());
                    calls.iter().filter(|c| **c == id).count()
                };
                match (id.as_str(), nth) {
                    ("e1", _) => {
                        release.notified().await;
                        Ok(())
                    }
                    ("e2", 1) => Err("the first attempt fails".to_owned()),
                    _ => Ok(()),
                }
            }
        }
    };
    let (stopper, task) = spawn(
        connection(&mock, &states).ping_timeout_margin(CALM_MARGIN),
        handler,
    );
    mock.push_event(event("e1"));
    // The handler of e1 runs and waits: e1 is not answered meanwhile.
    for _ in 0..1000 {
        if calls.lock().unwrap().contains(&"e1".to_owned()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    mock.push_event(event("e2"));
    until(&mock, "e2 answered 500, then 200", |log| {
        codes(log, "e2") == [500, 200]
    })
    .await;
    assert!(codes(&mock.long_connection_log(), "e1").is_empty());
    release.notify_one();
    until(&mock, "e1 answered", |log| codes(log, "e1") == [200]).await;
    stop(stopper, task).await.expect("stopped cleanly");

    let log = mock.long_connection_log();
    assert_eq!(
        calls.lock().unwrap().iter().filter(|c| *c == "e2").count(),
        2
    );
    assert_eq!(log.connections, 1);
    assert!(log.pings >= 1);
    assert!(log.acks.iter().all(|a| a.biz_rt.is_some()));
    let states = states.lock().unwrap();
    assert_eq!(
        states.first(),
        Some(&ConnectionState::Connected { reconnected: false })
    );
    assert_eq!(states.last(), Some(&ConnectionState::Stopped));
}

#[tokio::test]
async fn no_more_events_than_the_concurrency_are_handled_at_once() {
    let mock = MockHelpdesk::start().await;
    let states = States::default();
    let calls = Calls::default();
    let release = Arc::new(Notify::new());
    let handler = {
        let (calls, release) = (Arc::clone(&calls), Arc::clone(&release));
        move |event: Event| {
            let (calls, release) = (Arc::clone(&calls), Arc::clone(&release));
            async move {
                calls.lock().unwrap().push(event.id().to_owned());
                if event.id() == "c1" {
                    release.notified().await;
                }
                Ok::<(), String>(())
            }
        }
    };
    let (stopper, task) = spawn(connection(&mock, &states).concurrency(1), handler);
    mock.push_event(event("c1"));
    mock.push_event(event("c2"));
    until(&mock, "both pushed", |log| log.pushes == 2).await;
    assert_eq!(*calls.lock().unwrap(), ["c1"], "c2 waits for c1's handler");
    release.notify_one();
    until(&mock, "both answered", |log| log.acked() == ["c1", "c2"]).await;
    stop(stopper, task).await.expect("stopped cleanly");
}

/// Without overrides, the client keeps the platform's timing (here a ping a second).
#[tokio::test]
async fn the_platforms_ping_interval_is_followed() {
    let mut config = lark_helpdesk_mock::LongConnectionConfig::default();
    config.ping_interval_secs = 1;
    let mock = MockHelpdesk::builder()
        .long_connection(config)
        .start()
        .await
        .expect("mock");
    let (stop_tx, stopped) = oneshot::channel::<()>();
    let calls = Calls::default();
    // The platform's interval, but a margin no stall reaches: one connection throughout.
    let connection = LongConnection::new(&client(&mock, &mock.credentials().app_secret))
        .ping_timeout_margin(CALM_MARGIN);
    let task = tokio::spawn({
        let handler = recording(&calls);
        async move {
            connection
                .run(handler, async {
                    let _ = stopped.await;
                })
                .await
        }
    });
    until(&mock, "a second ping", |log| log.pings >= 2).await;
    stop(stop_tx, task).await.expect("stopped cleanly");
    assert_eq!(mock.long_connection_log().connections, 1);
}

#[tokio::test]
async fn a_fragmented_event_is_reassembled() {
    let mock = MockHelpdesk::start().await;
    let states = States::default();
    let received: Arc<Mutex<Vec<String>>> = Arc::default();
    let handler = {
        let received = Arc::clone(&received);
        move |event: Event| {
            received.lock().unwrap().push(event.json().to_owned());
            std::future::ready(Ok::<(), String>(()))
        }
    };
    mock.inject_long_connection(LongConnectionFault::Fragment {
        parts: 5,
        reversed: true,
    });
    let (stopper, task) = spawn(connection(&mock, &states), handler);
    mock.push_event(event("f1"));
    until(&mock, "f1 answered", |log| codes(log, "f1") == [200]).await;
    stop(stopper, task).await.expect("stopped cleanly");

    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    let sent: serde_json::Value = serde_json::from_str(&event("f1")).unwrap();
    let got: serde_json::Value = serde_json::from_str(&received[0]).unwrap();
    assert_eq!(got, sent);
}

#[tokio::test]
async fn a_duplicate_is_delivered_twice_dedup_is_the_callers() {
    let mock = MockHelpdesk::start().await;
    let (states, calls) = (States::default(), Calls::default());
    mock.inject_long_connection(LongConnectionFault::Duplicate);
    let (stopper, task) = spawn(connection(&mock, &states), recording(&calls));
    mock.push_event(event("d1"));
    until(&mock, "both copies answered", |log| {
        codes(log, "d1") == [200, 200]
    })
    .await;
    stop(stopper, task).await.expect("stopped cleanly");
    assert_eq!(*calls.lock().unwrap(), ["d1", "d1"]);
    assert_eq!(mock.long_connection_log().pushes, 2);
}

#[tokio::test]
async fn a_dropped_connection_is_replaced_and_delivery_goes_on() {
    let mock = MockHelpdesk::start().await;
    let (states, calls) = (States::default(), Calls::default());
    mock.inject_long_connection(LongConnectionFault::DropConnection { after_acks: 1 });
    let (stopper, task) = spawn(connection(&mock, &states), recording(&calls));
    mock.push_event(event("a1"));
    until(&mock, "a1 answered", |log| codes(log, "a1") == [200]).await;
    until(&mock, "a second connection", |log| log.connections == 2).await;
    mock.push_event(event("a2"));
    mock.push_event(event("a3"));
    until(&mock, "a2 and a3 answered", |log| {
        codes(log, "a2").contains(&200) && codes(log, "a3").contains(&200)
    })
    .await;
    stop(stopper, task).await.expect("stopped cleanly");

    let log = mock.long_connection_log();
    assert!(
        log.acks
            .iter()
            .any(|a| a.event_id == "a2" && a.connection == 2)
    );
    let states = states.lock().unwrap();
    assert!(
        states
            .iter()
            .any(|s| matches!(s, ConnectionState::Disconnected { .. })),
        "{states:?}"
    );
    assert!(
        states
            .iter()
            .any(|s| matches!(s, ConnectionState::Reconnecting { attempt: 1, .. })),
        "{states:?}"
    );
    assert!(
        states.contains(&ConnectionState::Connected { reconnected: true }),
        "{states:?}"
    );
}

#[tokio::test]
async fn a_silent_connection_is_taken_for_dead_and_replaced() {
    let mock = MockHelpdesk::start().await;
    let (states, calls) = (States::default(), Calls::default());
    mock.inject_long_connection(LongConnectionFault::Silent { after_pongs: 1 });
    let (stopper, task) = spawn(connection(&mock, &states), recording(&calls));
    // A second ping: the first one's pong is answered, the connection silent from then.
    until(&mock, "a second ping", |log| log.pings >= 2).await;
    mock.push_event(event("s1"));
    until(&mock, "s1 answered on another connection", |log| {
        log.acks
            .iter()
            .any(|a| a.event_id == "s1" && a.code == 200 && a.connection >= 2)
    })
    .await;
    stop(stopper, task).await.expect("stopped cleanly");

    let states = states.lock().unwrap();
    assert!(
        states.contains(&ConnectionState::Disconnected {
            reason: DisconnectReason::Silent
        }),
        "{states:?}"
    );
    assert!(states.contains(&ConnectionState::Connected { reconnected: true }));
    // The silent connection pushed nothing: s1 was handled once.
    assert_eq!(*calls.lock().unwrap(), ["s1"]);
}

#[tokio::test]
async fn stop_lets_the_handler_in_progress_finish_and_answers_it() {
    let mock = MockHelpdesk::start().await;
    let states = States::default();
    let calls = Calls::default();
    let (started, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let handler = {
        let (calls, started, release) = (
            Arc::clone(&calls),
            Arc::clone(&started),
            Arc::clone(&release),
        );
        move |event: Event| {
            let (calls, started, release) = (
                Arc::clone(&calls),
                Arc::clone(&started),
                Arc::clone(&release),
            );
            async move {
                calls.lock().unwrap().push(event.id().to_owned());
                started.notify_one();
                release.notified().await;
                Ok::<(), String>(())
            }
        }
    };
    let (stopper, task) = spawn(connection(&mock, &states), handler);
    mock.push_event(event("p1"));
    started.notified().await;
    let _ = stopper.send(());
    // Stopped: an event pushed now is not taken.
    mock.push_event(event("p2"));
    tokio::task::yield_now().await;
    assert!(!task.is_finished(), "the handler in progress holds run");
    release.notify_one();
    let result = tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("run returns")
        .expect("no panic");
    assert_eq!(result, Ok(()));

    until(&mock, "the close", |log| {
        log.clean_closes == 1 && log.open == 0
    })
    .await;
    let log = mock.long_connection_log();
    assert_eq!(codes(&log, "p1"), [200]);
    assert!(codes(&log, "p2").is_empty());
    assert_eq!(*calls.lock().unwrap(), ["p1"]);
    assert_eq!(
        states.lock().unwrap().last(),
        Some(&ConnectionState::Stopped)
    );
}

#[tokio::test]
async fn a_busy_discovery_is_retried() {
    let mock = MockHelpdesk::start().await;
    let (states, calls) = (States::default(), Calls::default());
    mock.inject_long_connection(LongConnectionFault::DiscoveryBusy);
    let (stopper, task) = spawn(connection(&mock, &states), recording(&calls));
    mock.push_event(event("b1"));
    until(&mock, "b1 answered", |log| codes(log, "b1") == [200]).await;
    stop(stopper, task).await.expect("stopped cleanly");
    assert_eq!(mock.long_connection_log().discoveries, 2);
    let states = states.lock().unwrap();
    assert!(matches!(
        states[0],
        ConnectionState::Reconnecting { attempt: 1, .. }
    ));
    assert_eq!(states[1], ConnectionState::Connected { reconnected: false });
}

#[tokio::test]
async fn wrong_credentials_stop_with_a_typed_error_holding_no_secret() {
    let mock = MockHelpdesk::start().await;
    let states = States::default();
    let connection = LongConnection::new(&client(&mock, "wrong-secret-0123")).on_state({
        let states = Arc::clone(&states);
        move |s| states.lock().unwrap().push(s.clone())
    });
    let calls = Calls::default();
    let error = connection
        .run(recording(&calls), std::future::pending())
        .await
        .expect_err("refused");
    assert!(
        matches!(error, LongConnectionError::Refused { code: 10014, .. }),
        "{error:?}"
    );
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{connection:?}"),
    ] {
        assert!(!text.contains("wrong-secret-0123"), "{text}");
        assert!(!text.contains("ws://"), "{text}");
    }
    assert!(error.to_string().contains("app id and secret"), "{error}");
    assert_eq!(mock.long_connection_log().discoveries, 1, "not retried");
    assert_eq!(*states.lock().unwrap(), [ConnectionState::Stopped]);
}

#[tokio::test]
async fn a_refused_handshake_stops_or_is_retried_by_its_code() {
    let mock = MockHelpdesk::start().await;
    let calls = Calls::default();
    for (status, auth_code) in [(403, None), (514, Some(1_000_040_350))] {
        mock.inject_long_connection(LongConnectionFault::RefuseHandshake { status, auth_code });
        let error = connection(&mock, &States::default())
            .run(recording(&calls), std::future::pending())
            .await
            .expect_err("refused");
        assert_eq!(
            error,
            LongConnectionError::HandshakeRefused { status, auth_code }
        );
    }
    // Another 514 is retried, up to the count.
    for _ in 0..2 {
        mock.inject_long_connection(LongConnectionFault::RefuseHandshake {
            status: 514,
            auth_code: Some(1),
        });
    }
    let error = connection(&mock, &States::default())
        .reconnect_count(Some(1))
        .run(recording(&calls), std::future::pending())
        .await
        .expect_err("exhausted");
    let LongConnectionError::ReconnectsExhausted { attempts, last } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(*attempts, 1);
    assert!(last.contains("514"), "{last}");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(
            !text.contains("access_key") && !text.contains("ticket="),
            "{text}"
        );
        assert!(!text.contains("127.0.0.1"), "{text}");
    }
}

/// A platform whose `ClientConfig` (at discovery and in every pong) holds the largest
/// numbers: the client neither panics nor stops pinging or watching for silence.
#[tokio::test]
async fn a_hostile_platform_config_is_kept_within_bounds() {
    let mut config = lark_helpdesk_mock::LongConnectionConfig::default();
    config.ping_interval_secs = i64::MAX;
    config.reconnect_interval_secs = i64::MAX;
    config.reconnect_nonce_secs = i64::MAX;
    config.reconnect_count = i64::MAX;
    let mock = MockHelpdesk::builder()
        .long_connection(config)
        .start()
        .await
        .expect("mock");

    // The platform's timing alone: a ping at once, its pong's config taken, events flow.
    let (states, calls) = (States::default(), Calls::default());
    let plain = LongConnection::new(&client(&mock, &mock.credentials().app_secret)).on_state({
        let states = Arc::clone(&states);
        move |s| states.lock().unwrap().push(s.clone())
    });
    let (stopper, task) = spawn(plain, recording(&calls));
    until(&mock, "a ping", |log| log.pings >= 1).await;
    mock.push_event(event("h1"));
    until(&mock, "h1 answered", |log| codes(log, "h1") == [200]).await;
    stop(stopper, task)
        .await
        .expect("stopped cleanly, no panic");

    // With the caller's ping interval, silence is still noticed after such pongs.
    until(&mock, "the first connection closed", |log| log.open == 0).await;
    let states = States::default();
    mock.inject_long_connection(LongConnectionFault::Silent { after_pongs: 2 });
    let (stopper, task) = spawn(connection(&mock, &states), recording(&calls));
    until(&mock, "a third ping", |log| log.pings >= 4).await;
    mock.push_event(event("h2"));
    until(&mock, "h2 answered on another connection", |log| {
        log.acks
            .iter()
            .any(|a| a.event_id == "h2" && a.code == 200 && a.connection >= 3)
    })
    .await;
    stop(stopper, task).await.expect("stopped cleanly");
    assert!(
        states
            .lock()
            .unwrap()
            .contains(&ConnectionState::Disconnected {
                reason: DisconnectReason::Silent
            }),
        "{states:?}"
    );
}

/// A handler that hangs is answered 500 at the handler timeout: the event is pushed
/// again, delivery goes on with all places of the concurrency held, and `stop` returns.
#[tokio::test]
async fn a_hung_handler_times_out_and_does_not_hold_stop() {
    let mock = patient_mock().await;
    let (states, calls) = (States::default(), Calls::default());
    let handler = {
        let calls = Arc::clone(&calls);
        move |event: Event| {
            let calls = Arc::clone(&calls);
            async move {
                let id = event.id().to_owned();
                let nth = {
                    let mut calls = calls.lock().unwrap();
                    calls.push(id.clone());
                    calls.iter().filter(|c| **c == id).count()
                };
                if id == "t2" || nth == 1 {
                    std::future::pending::<()>().await;
                }
                Ok::<(), String>(())
            }
        }
    };
    let (stopper, task) = spawn(
        connection(&mock, &states)
            .concurrency(1)
            .handler_timeout(Duration::from_millis(300)),
        handler,
    );
    mock.push_event(event("t1"));
    until(&mock, "t1 answered 500, then 200", |log| {
        codes(log, "t1") == [500, 200]
    })
    .await;
    // t2 hangs for good: `stop` waits for its timeout, not longer.
    mock.push_event(event("t2"));
    for _ in 0..1000 {
        if calls.lock().unwrap().contains(&"t2".to_owned()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop(stopper, task).await.expect("stopped cleanly");
    let t2 = codes(&mock.long_connection_log(), "t2");
    assert!(!t2.is_empty() && t2.iter().all(|c| *c == 500), "{t2:?}");
}

/// The connection lost while the last answers go out after `stop`: `run` returns, no
/// reconnect.
#[tokio::test]
async fn a_connection_lost_after_stop_is_not_replaced() {
    let mock = patient_mock().await;
    let (states, calls) = (States::default(), Calls::default());
    let release = Arc::new(tokio::sync::Semaphore::new(0));
    let handler = {
        let (calls, release) = (Arc::clone(&calls), Arc::clone(&release));
        move |event: Event| {
            let (calls, release) = (Arc::clone(&calls), Arc::clone(&release));
            async move {
                calls.lock().unwrap().push(event.id().to_owned());
                release.acquire().await.expect("open").forget();
                Ok::<(), String>(())
            }
        }
    };
    let (stopper, task) = spawn(
        connection(&mock, &states).ping_timeout_margin(CALM_MARGIN),
        handler,
    );
    mock.push_event(event("q1"));
    mock.push_event(event("q2"));
    for _ in 0..1000 {
        if calls.lock().unwrap().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(calls.lock().unwrap().len(), 2);
    let _ = stopper.send(());
    tokio::time::sleep(Duration::from_millis(50)).await;
    // The platform goes away (no close frame) while both handlers run.
    mock.inject_long_connection(LongConnectionFault::DropConnection { after_acks: 0 });
    until(&mock, "the connection dropped", |log| log.open == 0).await;
    // The first answer meets a closed socket, the second fails for sure.
    release.add_permits(1);
    tokio::time::sleep(Duration::from_millis(200)).await;
    release.add_permits(1);
    let result = tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("run returns")
        .expect("no panic");
    assert_eq!(result, Ok(()));
    let states = states.lock().unwrap();
    assert!(
        !states
            .iter()
            .any(|s| matches!(s, ConnectionState::Reconnecting { .. })),
        "{states:?}"
    );
    assert_eq!(states.last(), Some(&ConnectionState::Stopped));
    assert_eq!(mock.long_connection_log().connections, 1);
}

/// Every log line of a run (the fake server's URL carries `access_key` and `ticket`).
#[tokio::test]
async fn the_connection_url_is_never_logged() {
    let lines: Arc<Mutex<Vec<u8>>> = Arc::default();
    let writer = {
        let lines = Arc::clone(&lines);
        move || Capture(Arc::clone(&lines))
    };
    // Global, with `log` records too (tungstenite logs through `log`): every test of
    // this file logs here from now on.
    use tracing_subscriber::util::SubscriberInitExt as _;
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(writer)
        .finish()
        .try_init()
        .expect("the only test that sets a subscriber");

    let mock = MockHelpdesk::start().await;
    let (states, calls) = (States::default(), Calls::default());
    mock.inject_long_connection(LongConnectionFault::DropConnection { after_acks: 1 });
    let (stopper, task) = spawn(connection(&mock, &states), recording(&calls));
    mock.push_event(event("l1"));
    until(&mock, "a second connection", |log| log.connections == 2).await;
    stop(stopper, task).await.expect("stopped cleanly");

    let text = String::from_utf8(lines.lock().unwrap().clone()).unwrap();
    assert!(text.contains("long connection: connected"), "{text}");
    assert!(
        text.contains("tokio_tungstenite"),
        "log records are captured too"
    );
    // The app secret goes in discovery's body: never in the logs either.
    let app_secret = mock.credentials().app_secret.clone();
    for secret in ["access_key", "ticket=", "/ws/v2", app_secret.as_str()] {
        assert!(!text.contains(secret), "{secret} in the logs:\n{text}");
    }
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
