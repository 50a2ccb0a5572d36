//! No secret in `Debug`, `Display`, errors, or `tracing` output at trace level.

mod common;

use common::*;
use lark_helpdesk::{AccessToken, Client, StaticToken};
use lark_helpdesk::{AppCredentials, HelpdeskCredential};
use wiremock::MockServer;

const TOKEN_PREFIX: &str = "t-"; // tokens the test server issues: t-1, t-2, ...

fn secrets() -> Vec<String> {
    vec![
        APP_SECRET.to_string(),
        HELPDESK_TOKEN.to_string(),
        helpdesk_header(),
        "Bearer t-1".to_string(),
        "t-fixed-SECRET".to_string(),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} leaks {secret:?}: {text}");
    }
}

#[tokio::test]
async fn nothing_public_shows_a_secret() {
    let (server, _) = serve(error(401, 154001, "Unauthorized")).await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = client(&server);
    let request = client.ticket_messages("1").page_size(5);
    let err = request.clone().send().await.unwrap_err();
    // One more, a success, through the same subscriber.
    let ok_server = MockServer::start().await;
    mount_tokens(&ok_server, 7200).await;
    messages_mock()
        .respond_with(Pages::new(messages(2)))
        .mount(&ok_server)
        .await;
    let page = common::client(&ok_server)
        .ticket_messages("1")
        .send()
        .await
        .unwrap();
    // Bodies never reach the logs either: a gateway page, retried, then given up on.
    let (gateway, _) = serve(
        wiremock::ResponseTemplate::new(502)
            .set_body_raw("<html>BODY-MARKER private text</html>", "text/html"),
    )
    .await;
    let gateway_err = common::client(&gateway)
        .ticket_messages("1")
        .send()
        .await
        .unwrap_err();
    assert!(
        gateway_err.to_string().contains("BODY-MARKER"),
        "the error itself may quote it"
    );

    let fixed = Client::builder()
        .tenant_access_token("t-fixed-SECRET")
        .helpdesk_credential(HELPDESK_ID, HELPDESK_TOKEN)
        .build()
        .unwrap();
    for (what, text) in [
        ("client", format!("{client:?}")),
        ("fixed-token client", format!("{fixed:?}")),
        ("request", format!("{request:?}")),
        ("error", format!("{err} / {err:?}")),
        ("page", format!("{page:?}")),
        (
            "access token",
            format!("{:?}", AccessToken::new("t-fixed-SECRET")),
        ),
        (
            "static token",
            format!("{:?}", StaticToken::new("t-fixed-SECRET")),
        ),
        (
            "app credentials",
            format!("{:?}", AppCredentials::new(APP_ID, APP_SECRET)),
        ),
        (
            "helpdesk credential",
            format!(
                "{:?}",
                HelpdeskCredential::new(HELPDESK_ID, HELPDESK_TOKEN).unwrap()
            ),
        ),
        ("builder", format!("{:?}", common::builder(&server))),
    ] {
        assert_clean(what, &text);
    }
    assert!(
        format!("{client:?}").contains(APP_ID),
        "non-secrets stay visible"
    );

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("lark_helpdesk.attempt"),
        "spans were recorded: {logs}"
    );
    assert!(
        logs.contains("log-401-154001"),
        "the log id is traced: {logs}"
    );
    assert_clean("tracing output", &logs);
    assert!(logs.contains("retrying"), "the retries were logged: {logs}");
    assert!(
        !logs.contains("BODY-MARKER"),
        "a body reached the logs: {logs}"
    );
    assert!(!logs.contains(&format!("Bearer {TOKEN_PREFIX}")));
}
