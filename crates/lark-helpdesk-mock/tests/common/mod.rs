//! Helpers shared by the integration tests.
#![allow(dead_code, missing_docs)]

use lark_helpdesk_api::spec::Spec;
use lark_helpdesk_mock::MockHelpdesk;
use serde_json::{Value, json};

pub const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";
pub const HELPDESK_HEADER: &str = "X-Lark-Helpdesk-Authorization";

pub fn messages_url(mock: &MockHelpdesk, ticket_id: &str) -> String {
    format!(
        "{}/open-apis/helpdesk/v1/tickets/{ticket_id}/messages",
        mock.uri()
    )
}

/// The spec's example body of the messages endpoint at `status`.
pub fn spec_example(status: u16) -> Value {
    Spec::embedded()
        .example("list_ticket_messages", status)
        .expect("documented example")
}

pub async fn token(mock: &MockHelpdesk, http: &reqwest::Client) -> String {
    let credentials = mock.credentials();
    let body: Value = http
        .post(format!("{}{TOKEN_PATH}", mock.uri()))
        .json(&json!({"app_id": credentials.app_id, "app_secret": credentials.app_secret}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["tenant_access_token"].as_str().unwrap().to_string()
}

/// A fully authenticated GET of the messages endpoint.
pub async fn get_messages(
    mock: &MockHelpdesk,
    http: &reqwest::Client,
    token: &str,
    ticket_id: &str,
    query: &[(&str, &str)],
) -> reqwest::Response {
    http.get(messages_url(mock, ticket_id))
        .query(query)
        .bearer_auth(token)
        .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
        .send()
        .await
        .unwrap()
}

/// Status and JSON body.
pub async fn status_json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap();
    (status, body)
}

pub fn logid(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-tt-logid")
        .expect("X-Tt-Logid on every answer")
        .to_str()
        .unwrap()
        .to_string()
}
