//! User sign-in against the fake server with a plain HTTP client: the authorize page, the
//! token endpoint's three grants and its rotation, the device flow, `user_info`,
//! revocation, user tokens at the helpdesk operations, the refresh gate and the faults
//! of the refresh grant.

mod common;

use std::time::Duration;

use base64::Engine as _;
use common::{HELPDESK_HEADER, status_json};
use lark_helpdesk_mock::{
    AUTHORIZE_PATH, DEVICE_AUTHORIZATION_PATH, Fault, FaultScope, MockHelpdesk,
    OAUTH_REFRESH_OPERATION, REVOKE_PATH, TOKEN_PATH, USER_INFO_PATH,
};
use serde_json::{Value, json};
use sha2::Digest as _;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "http://127.0.0.1:53682/callback";
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// A client that follows no redirect (the 302 is checked).
fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The authorize page's query, with `changes` applied (`None`: left out).
fn authorize_query(mock: &MockHelpdesk, changes: &[(&str, Option<&str>)]) -> Vec<(String, String)> {
    let app_id = mock.credentials().app_id.clone();
    let mut query: Vec<(String, Option<String>)> = [
        ("client_id", Some(app_id.as_str())),
        ("response_type", Some("code")),
        ("redirect_uri", Some(REDIRECT)),
        ("scope", Some("helpdesk:all offline_access")),
        ("state", Some("state-123")),
        ("code_challenge", Some(CHALLENGE)),
        ("code_challenge_method", Some("S256")),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.map(str::to_owned)))
    .collect();
    for (name, value) in changes {
        match query.iter_mut().find(|(k, _)| k == name) {
            Some(entry) => entry.1 = value.map(str::to_owned),
            None => query.push((name.to_string(), value.map(str::to_owned))),
        }
    }
    query
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

async fn authorize_page(
    mock: &MockHelpdesk,
    changes: &[(&str, Option<&str>)],
) -> reqwest::Response {
    http()
        .get(format!("{}{AUTHORIZE_PATH}", mock.uri()))
        .query(&authorize_query(mock, changes))
        .send()
        .await
        .unwrap()
}

/// The authorize page approves at once: the code of its redirect.
async fn code(mock: &MockHelpdesk) -> String {
    let response = authorize_page(mock, &[]).await;
    assert_eq!(response.status(), 302);
    let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(
        &location.as_str()[..REDIRECT.len()],
        REDIRECT,
        "redirected to the redirect URI"
    );
    let query: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    assert_eq!(query[1], ("state".into(), "state-123".into()));
    assert_eq!(query[0].0, "code");
    query[0].1.clone()
}

async fn post_token(mock: &MockHelpdesk, body: Value) -> (u16, Value) {
    status_json(
        http()
            .post(format!("{}{TOKEN_PATH}", mock.uri()))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn exchange(mock: &MockHelpdesk, code: &str, changes: Value) -> (u16, Value) {
    let c = mock.credentials();
    let mut body = json!({
        "grant_type": "authorization_code",
        "client_id": c.app_id,
        "client_secret": c.app_secret,
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": VERIFIER,
    });
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            body.as_object_mut().unwrap().remove(k);
        } else {
            body[k] = v.clone();
        }
    }
    post_token(mock, body).await
}

fn refresh_body(mock: &MockHelpdesk, refresh_token: &str) -> Value {
    let c = mock.credentials();
    json!({
        "grant_type": "refresh_token",
        "client_id": c.app_id,
        "client_secret": c.app_secret,
        "refresh_token": refresh_token,
    })
}

async fn refresh(mock: &MockHelpdesk, refresh_token: &str) -> (u16, Value) {
    post_token(mock, refresh_body(mock, refresh_token)).await
}

/// A whole sign-in: the tokens.
async fn sign_in(mock: &MockHelpdesk) -> Value {
    let code = code(mock).await;
    let (status, tokens) = exchange(mock, &code, json!({})).await;
    assert_eq!(status, 200, "{tokens}");
    tokens
}

fn str_of<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {value}"))
}

async fn user_info(mock: &MockHelpdesk, access_token: &str) -> (u16, Value) {
    status_json(
        http()
            .get(format!("{}{USER_INFO_PATH}", mock.uri()))
            .bearer_auth(access_token)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// A helpdesk operation that takes a user token only (create a FAQ).
async fn create_faq(mock: &MockHelpdesk, access_token: &str) -> (u16, Value) {
    status_json(
        http()
            .post(format!("{}/open-apis/helpdesk/v1/faqs", mock.uri()))
            .bearer_auth(access_token)
            .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
            .json(&json!({"faq": {"question": "Signed in?", "answer": "Yes"}}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// `(status, code, error)` of a token endpoint answer.
fn refused(answer: &(u16, Value)) -> (u16, i64, &str) {
    let (status, body) = answer;
    (
        *status,
        body["code"].as_i64().unwrap_or(-1),
        body["error"].as_str().unwrap_or_default(),
    )
}

fn code_of(answer: &(u16, Value)) -> (u16, i64) {
    (answer.0, answer.1["code"].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn the_whole_code_flow_signs_the_mock_user_in() {
    let mock = MockHelpdesk::start().await;
    assert_eq!(mock.sign_ins(), 0);
    let tokens = sign_in(&mock).await;
    assert_eq!(tokens["code"], 0);
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 7200);
    assert_eq!(tokens["refresh_token_expires_in"], 604_800);
    assert_eq!(tokens["scope"], "helpdesk:all offline_access");
    let access = str_of(&tokens, "access_token");
    assert!(access.starts_with("u-"), "{access}");
    assert!(str_of(&tokens, "refresh_token").starts_with("ur-"));
    assert_eq!(mock.sign_ins(), 1);

    let (status, info) = user_info(&mock, access).await;
    assert_eq!((status, &info["code"]), (200, &json!(0)), "{info}");
    assert_eq!(info["data"]["open_id"], "ou_mock_user");
    assert_eq!(info["data"]["name"], "Mock User");
    assert_eq!(info["data"]["union_id"], "on_mock_user");

    let (status, faq) = create_faq(&mock, access).await;
    assert_eq!((status, &faq["code"]), (200, &json!(0)), "{faq}");
    // A tenant-only operation names the kinds, as for the static user token.
    let tickets = status_json(
        http()
            .get(format!("{}/open-apis/helpdesk/v1/tickets", mock.uri()))
            .bearer_auth(access)
            .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code_of(&tickets), (400, 99_991_663), "{}", tickets.1);
    // The static user token is the same user.
    let static_token = mock.credentials().user_access_token.clone();
    assert_eq!(
        user_info(&mock, &static_token).await.1["data"]["open_id"],
        "ou_mock_user"
    );
}

#[tokio::test]
async fn a_client_that_follows_redirects_is_approved_at_once() {
    let mock = MockHelpdesk::start().await;
    // The redirect URI is the mock itself (loopback): the redirect lands on its 404.
    let redirect = format!("{}/callback", mock.uri());
    let query = authorize_query(&mock, &[("redirect_uri", Some(&redirect))]);
    let response = reqwest::Client::new()
        .get(format!("{}{AUTHORIZE_PATH}", mock.uri()))
        .query(&query)
        .send()
        .await
        .unwrap();
    let landed = response.url().clone();
    assert_eq!(landed.path(), "/callback");
    let code = landed
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let (status, tokens) = exchange(&mock, &code, json!({"redirect_uri": redirect})).await;
    assert_eq!(status, 200, "{tokens}");
}

#[tokio::test]
async fn the_authorize_page_refuses_what_is_wrong_with_a_page_naming_it() {
    let mock = MockHelpdesk::builder()
        .redirect_uris(["https://app.example.com/oauth/callback"])
        .start()
        .await
        .unwrap();
    for (changes, named) in [
        (vec![("client_id", Some("cli_other"))], "client_id"),
        (vec![("client_id", None)], "client_id"),
        (
            vec![("redirect_uri", Some("https://evil.example.com/cb"))],
            "redirect_uri",
        ),
        (
            vec![("redirect_uri", Some("http://127.0.0.2:1/cb"))],
            "redirect_uri",
        ),
        (vec![("redirect_uri", None)], "redirect_uri"),
        (vec![("response_type", Some("token"))], "response_type"),
        (vec![("state", None)], "state"),
        (vec![("state", Some(""))], "state"),
        (
            vec![("code_challenge_method", Some("plain"))],
            "code_challenge_method",
        ),
        (
            vec![("code_challenge_method", None)],
            "code_challenge_method",
        ),
        (vec![("code_challenge", None)], "code_challenge"),
        (vec![("code_challenge", Some("short"))], "code_challenge"),
        (vec![("scope", Some("a b a"))], "scope"),
    ] {
        let response = authorize_page(&mock, &changes).await;
        assert_eq!(response.status(), 400, "{changes:?}");
        assert!(response.headers().get("location").is_none());
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let page = response.text().await.unwrap();
        assert!(page.contains(named), "{changes:?}: {page}");
        assert!(
            !page.contains(CHALLENGE) && !page.contains("state-123"),
            "{page}"
        );
    }
    // JSON for a client that asks for it.
    let response = http()
        .get(format!("{}{AUTHORIZE_PATH}", mock.uri()))
        .query(&authorize_query(
            &mock,
            &[("code_challenge_method", Some("plain"))],
        ))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let (status, body) = status_json(response).await;
    assert_eq!((status, &body["error"]), (400, &json!("invalid_request")));
    assert!(str_of(&body, "error_description").contains("S256"));
    // A configured redirect URI is accepted, whole only.
    let configured = "https://app.example.com/oauth/callback";
    let response = authorize_page(&mock, &[("redirect_uri", Some(configured))]).await;
    assert_eq!(response.status(), 302);
    assert!(
        response.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&format!("{configured}?code="))
    );
    let response = authorize_page(
        &mock,
        &[(
            "redirect_uri",
            Some("https://app.example.com/oauth/callback2"),
        )],
    )
    .await;
    assert_eq!(response.status(), 400);
    // A parameter twice is refused.
    let mut query = authorize_query(&mock, &[]);
    query.push(("state".into(), "other".into()));
    let response = http()
        .get(format!("{}{AUTHORIZE_PATH}", mock.uri()))
        .query(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("more than once"));
}

#[tokio::test]
async fn code_exchanges_are_checked_as_the_platform_checks_them() {
    let mock = MockHelpdesk::start().await;
    let code = code(&mock).await;
    // PKCE: a verifier of another challenge, none, one of the wrong form.
    let other = "x".repeat(43);
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"code_verifier": other})).await),
        (400, 20049, "invalid_grant")
    );
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"code_verifier": null})).await).1,
        20049
    );
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"code_verifier": "short"})).await).1,
        20049
    );
    // The redirect URI of the authorization, or none.
    assert_eq!(
        refused(
            &exchange(
                &mock,
                &code,
                json!({"redirect_uri": "http://127.0.0.1:1/other"})
            )
            .await
        ),
        (400, 20071, "invalid_grant")
    );
    // The client.
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"client_secret": "wrong"})).await),
        (400, 20002, "invalid_client")
    );
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"client_id": "cli_other"})).await).1,
        20024
    );
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"client_secret": null})).await).1,
        20001
    );
    // A refused exchange does not use the code up; a scope only narrows.
    assert_eq!(
        refused(&exchange(&mock, &code, json!({"scope": "contact:all"})).await).1,
        20068
    );
    let (status, tokens) = exchange(
        &mock,
        &code,
        json!({"redirect_uri": null, "scope": "helpdesk:all"}),
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["scope"], "helpdesk:all");
    assert!(
        tokens.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
    let access = str_of(&tokens, "access_token").to_owned();
    assert_eq!(user_info(&mock, &access).await.0, 200);
    // Used once: a second exchange is refused and revokes what the first gave.
    assert_eq!(
        refused(&exchange(&mock, &code, json!({})).await),
        (400, 20065, "invalid_grant")
    );
    assert_eq!(code_of(&user_info(&mock, &access).await), (400, 99_991_668));
    assert_eq!(mock.sign_ins(), 1);
    // Unknown, expired.
    assert_eq!(refused(&exchange(&mock, "nope", json!({})).await).1, 20003);
    let late = self::code(&mock).await;
    mock.advance_clock(Duration::from_secs(301));
    assert_eq!(
        refused(&exchange(&mock, &late, json!({})).await),
        (400, 20004, "invalid_grant")
    );
}

#[tokio::test]
async fn the_token_endpoint_reads_json_and_forms_and_refuses_the_rest() {
    let mock = MockHelpdesk::start().await;
    let c = mock.credentials().clone();
    let url = format!("{}{TOKEN_PATH}", mock.uri());
    // A form, the client in HTTP Basic.
    let code = code(&mock).await;
    let response = http()
        .post(&url)
        .basic_auth(&c.app_id, Some(&c.app_secret))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("code_verifier", VERIFIER),
        ])
        .send()
        .await
        .unwrap();
    let (status, tokens) = status_json(response).await;
    assert_eq!(status, 200, "{tokens}");
    // Both HTTP Basic and client_secret.
    let response = http()
        .post(&url)
        .basic_auth(&c.app_id, Some(&c.app_secret))
        .json(&refresh_body(&mock, str_of(&tokens, "refresh_token")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused(&status_json(response).await).1, 20070);
    for (body, code) in [
        (
            json!({"client_id": c.app_id, "client_secret": c.app_secret}),
            20001,
        ),
        (json!({"grant_type": "password"}), 20036),
        (json!({"grant_type": 5}), 20063),
        (json!([1, 2]), 20063),
        (
            json!({"grant_type": "refresh_token", "client_id": c.app_id, "client_secret": c.app_secret}),
            20001,
        ),
        (refresh_body(&mock, "ur-mock-1-1-00"), 20026),
        (refresh_body(&mock, "garbage"), 20026),
    ] {
        let answer = post_token(&mock, body.clone()).await;
        assert_eq!(refused(&answer).1, code, "{body}: {}", answer.1);
        assert_eq!(answer.0, 400);
    }
    for raw in [
        b"{not json".to_vec(),
        vec![0xff, 0xfe, 0x00],
        vec![b'{'; 100 * 1024],
    ] {
        let response = http().post(&url).body(raw).send().await.unwrap();
        assert_eq!(refused(&status_json(response).await).1, 20063);
    }
    // The secret sent is never echoed.
    let answer = exchange(&mock, "nope", json!({"client_secret": "s3cr3t-sent"})).await;
    assert!(!answer.1.to_string().contains("s3cr3t-sent"));
}

#[tokio::test]
async fn a_refresh_rotates_and_a_reused_refresh_token_revokes_the_sign_in() {
    let mock = MockHelpdesk::start().await;
    let first = sign_in(&mock).await;
    let (status, second) = refresh(&mock, str_of(&first, "refresh_token")).await;
    assert_eq!(status, 200, "{second}");
    assert_ne!(second["access_token"], first["access_token"]);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(second["scope"], "helpdesk:all offline_access");
    // The old access token died with the refresh (no grace by default).
    assert_eq!(
        code_of(&create_faq(&mock, str_of(&first, "access_token")).await),
        (400, 99_991_668)
    );
    let new_access = str_of(&second, "access_token");
    assert_eq!(create_faq(&mock, new_access).await.0, 200);
    // The old refresh token is refused, and its reuse revokes the whole sign-in.
    assert_eq!(
        refused(&refresh(&mock, str_of(&first, "refresh_token")).await),
        (400, 20073, "invalid_grant")
    );
    assert_eq!(
        code_of(&create_faq(&mock, new_access).await),
        (400, 99_991_668)
    );
    assert_eq!(
        code_of(&user_info(&mock, new_access).await),
        (400, 99_991_668)
    );
    assert_eq!(
        refused(&refresh(&mock, str_of(&second, "refresh_token")).await),
        (400, 20064, "invalid_grant")
    );
    assert_eq!(mock.refreshes(), 3);
    // Another sign-in is not touched.
    let other = sign_in(&mock).await;
    assert_eq!(refresh(&mock, str_of(&other, "refresh_token")).await.0, 200);
}

#[tokio::test]
async fn the_replaced_access_token_can_be_given_a_grace() {
    let mock = MockHelpdesk::builder()
        .rotation_grace(Duration::from_secs(60))
        .start()
        .await
        .unwrap();
    let first = sign_in(&mock).await;
    let (_, second) = refresh(&mock, str_of(&first, "refresh_token")).await;
    let old = str_of(&first, "access_token");
    assert_eq!(create_faq(&mock, old).await.0, 200);
    mock.advance_clock(Duration::from_secs(61));
    assert_eq!(code_of(&create_faq(&mock, old).await), (400, 99_991_668));
    assert_eq!(
        create_faq(&mock, str_of(&second, "access_token")).await.0,
        200
    );
}

#[tokio::test]
async fn tokens_expire_by_the_servers_clock() {
    let mock = MockHelpdesk::start().await;
    let tokens = sign_in(&mock).await;
    let access = str_of(&tokens, "access_token");
    mock.advance_clock(Duration::from_secs(7199));
    assert_eq!(create_faq(&mock, access).await.0, 200);
    mock.advance_clock(Duration::from_secs(2));
    let expired = create_faq(&mock, access).await;
    assert_eq!(code_of(&expired), (400, 99_991_677), "{}", expired.1);
    assert_eq!(code_of(&user_info(&mock, access).await), (400, 99_991_677));
    // The hand-written operations check it the same way.
    let messages = status_json(
        http()
            .get(format!(
                "{}/open-apis/helpdesk/v1/tickets/{}/messages",
                mock.uri(),
                mock.example_ticket_id()
            ))
            .bearer_auth(access)
            .header(HELPDESK_HEADER, mock.credentials().helpdesk_header_value())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(code_of(&messages), (400, 99_991_677));
    // A refresh gives a valid one; the refresh token expires after 7 days.
    let (status, fresh) = refresh(&mock, str_of(&tokens, "refresh_token")).await;
    assert_eq!(status, 200);
    assert_eq!(
        create_faq(&mock, str_of(&fresh, "access_token")).await.0,
        200
    );
    mock.advance_clock(Duration::from_secs(604_800));
    assert_eq!(
        refused(&refresh(&mock, str_of(&fresh, "refresh_token")).await),
        (400, 20037, "invalid_grant")
    );
}

#[tokio::test]
async fn lifetimes_are_configurable_and_a_sign_in_ends_after_365_days() {
    let mock = MockHelpdesk::builder()
        .user_token_ttl(Duration::from_secs(60))
        .refresh_token_ttl(Duration::from_secs(400 * 24 * 3600))
        .start()
        .await
        .unwrap();
    let tokens = sign_in(&mock).await;
    assert_eq!(tokens["expires_in"], 60);
    // Never past the sign-in's end.
    assert_eq!(tokens["refresh_token_expires_in"], 365 * 24 * 3600);
    mock.advance_clock(Duration::from_secs(61));
    assert_eq!(
        code_of(&user_info(&mock, str_of(&tokens, "access_token")).await),
        (400, 99_991_677)
    );
    mock.advance_clock(Duration::from_secs(300 * 24 * 3600));
    let (status, later) = refresh(&mock, str_of(&tokens, "refresh_token")).await;
    assert_eq!(status, 200);
    let left = later["refresh_token_expires_in"].as_u64().unwrap();
    assert!(left <= 65 * 24 * 3600 && left > 64 * 24 * 3600, "{left}");
    mock.advance_clock(Duration::from_secs(65 * 24 * 3600));
    assert_eq!(
        refused(&refresh(&mock, str_of(&later, "refresh_token")).await),
        (400, 20037, "invalid_grant")
    );
}

async fn device_start(mock: &MockHelpdesk) -> Value {
    let c = mock.credentials();
    let response = http()
        .post(format!("{}{DEVICE_AUTHORIZATION_PATH}", mock.uri()))
        .basic_auth(&c.app_id, Some(&c.app_secret))
        .form(&[
            ("client_id", c.app_id.as_str()),
            ("scope", "helpdesk:all offline_access"),
        ])
        .send()
        .await
        .unwrap();
    let (status, body) = status_json(response).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn device_poll(mock: &MockHelpdesk, device_code: &str) -> (u16, Value) {
    let c = mock.credentials();
    post_token(
        mock,
        json!({
            "grant_type": DEVICE_GRANT,
            "client_id": c.app_id,
            "client_secret": c.app_secret,
            "device_code": device_code,
        }),
    )
    .await
}

#[tokio::test]
async fn the_device_flow_pending_slow_down_approved() {
    let mock = MockHelpdesk::start().await;
    let device = device_start(&mock).await;
    assert_eq!(device["interval"], 5);
    assert_eq!(device["expires_in"], 300);
    let user_code = str_of(&device, "user_code");
    let complete = str_of(&device, "verification_uri_complete");
    assert!(complete.starts_with(&format!("{}/oauth/v1/device/verify?", mock.uri())));
    assert!(complete.contains(user_code));
    assert!(str_of(&device, "verification_uri").starts_with(&mock.uri()));
    let device_code = str_of(&device, "device_code");

    assert_eq!(
        refused(&device_poll(&mock, device_code).await),
        (400, 0, "authorization_pending")
    );
    // At once again: too soon.
    let slow = device_poll(&mock, device_code).await;
    assert_eq!(refused(&slow), (400, 0, "slow_down"));
    assert!(str_of(&slow.1, "error_description").contains("10 s"));
    mock.advance_clock(Duration::from_secs(10));
    assert_eq!(
        refused(&device_poll(&mock, device_code).await).2,
        "authorization_pending"
    );

    // Any HTTP client fetching the complete URI approves.
    let page = reqwest::get(complete).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Approved"));
    let (status, tokens) = device_poll(&mock, device_code).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["scope"], "helpdesk:all offline_access");
    assert_eq!(
        user_info(&mock, str_of(&tokens, "access_token")).await.1["data"]["open_id"],
        "ou_mock_user"
    );
    assert_eq!(
        refresh(&mock, str_of(&tokens, "refresh_token")).await.0,
        200
    );
    assert_eq!(mock.sign_ins(), 1);
    // Used once.
    assert_eq!(
        refused(&device_poll(&mock, device_code).await).2,
        "invalid_grant"
    );
    assert_eq!(
        refused(&device_poll(&mock, "unknown").await).2,
        "invalid_grant"
    );
    // The verification page without a code is a form.
    let form = reqwest::get(format!("{}/oauth/v1/device/verify", mock.uri()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("<form"), "{form}");
}

#[tokio::test]
async fn the_device_flow_denied_expired_and_its_client_checked() {
    let mock = MockHelpdesk::builder()
        .device_poll_interval(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let denied = device_start(&mock).await;
    assert_eq!(denied["interval"], 1);
    let verify = format!(
        "{}&action=deny",
        str_of(&denied, "verification_uri_complete")
    );
    assert!(
        reqwest::get(verify)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("Denied")
    );
    assert_eq!(
        refused(&device_poll(&mock, str_of(&denied, "device_code")).await),
        (400, 0, "access_denied")
    );
    let late = device_start(&mock).await;
    mock.advance_clock(Duration::from_secs(301));
    assert_eq!(
        refused(&device_poll(&mock, str_of(&late, "device_code")).await),
        (400, 0, "expired_token")
    );
    let page = reqwest::get(str_of(&late, "verification_uri_complete"))
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    // The client, in HTTP Basic or in the form.
    let c = mock.credentials();
    let url = format!("{}{DEVICE_AUTHORIZATION_PATH}", mock.uri());
    let wrong = http()
        .post(&url)
        .basic_auth(&c.app_id, Some("wrong"))
        .form(&[("client_id", c.app_id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused(&status_json(wrong).await),
        (401, 20002, "invalid_client")
    );
    let in_form = http()
        .post(&url)
        .form(&[
            ("client_id", c.app_id.as_str()),
            ("client_secret", c.app_secret.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(in_form.status(), 200);
    assert_eq!(mock.sign_ins(), 0);
}

async fn revoke(mock: &MockHelpdesk, token: &str, hint: &str, secret: &str) -> u16 {
    let c = mock.credentials();
    http()
        .post(format!("{}{REVOKE_PATH}", mock.uri()))
        .form(&[
            ("client_id", c.app_id.as_str()),
            ("client_secret", secret),
            ("token", token),
            ("token_type_hint", hint),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn revocation_kills_the_token_and_a_refresh_token_its_sign_in() {
    let mock = MockHelpdesk::start().await;
    let secret = mock.credentials().app_secret.clone();
    let tokens = sign_in(&mock).await;
    let access = str_of(&tokens, "access_token");
    assert_eq!(revoke(&mock, access, "access_token", "wrong").await, 401);
    assert_eq!(user_info(&mock, access).await.0, 200);
    assert_eq!(revoke(&mock, access, "access_token", &secret).await, 200);
    assert_eq!(code_of(&user_info(&mock, access).await), (400, 99_991_668));
    // The refresh token still works.
    let (status, second) = refresh(&mock, str_of(&tokens, "refresh_token")).await;
    assert_eq!(status, 200);
    let access = str_of(&second, "access_token");
    assert_eq!(user_info(&mock, access).await.0, 200);
    // Revoking it takes the whole sign-in.
    assert_eq!(
        revoke(
            &mock,
            str_of(&second, "refresh_token"),
            "refresh_token",
            &secret
        )
        .await,
        200
    );
    assert_eq!(code_of(&user_info(&mock, access).await), (400, 99_991_668));
    assert_eq!(
        refused(&refresh(&mock, str_of(&second, "refresh_token")).await).1,
        20064
    );
    // An unknown token is no error (RFC 7009).
    assert_eq!(
        revoke(&mock, "whatever", "access_token", &secret).await,
        200
    );
    // Every sign-in at once.
    let other = sign_in(&mock).await;
    mock.revoke_sign_ins();
    assert_eq!(
        code_of(&user_info(&mock, str_of(&other, "access_token")).await),
        (400, 99_991_668)
    );
}

#[tokio::test]
async fn held_refreshes_are_answered_when_released() {
    let mock = MockHelpdesk::start().await;
    let tokens = sign_in(&mock).await;
    let refresh_token = str_of(&tokens, "refresh_token").to_owned();
    let gate = mock.hold_refreshes();
    let url = format!("{}{TOKEN_PATH}", mock.uri());
    let body = refresh_body(&mock, &refresh_token);
    // Two clients (two connections) refreshing the same token at once.
    let spawn = |body: Value| {
        let url = url.clone();
        tokio::spawn(async move {
            let response = http().post(url).json(&body).send().await.unwrap();
            status_json(response).await
        })
    };
    let first = spawn(body.clone());
    tokio::time::timeout(Duration::from_secs(10), gate.until_waiting(1))
        .await
        .unwrap();
    let second = spawn(body);
    tokio::time::timeout(Duration::from_secs(10), gate.until_waiting(2))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!first.is_finished() && !second.is_finished());
    assert_eq!(gate.waiting(), 2);
    assert_eq!(mock.refreshes(), 2);
    // Other requests are served meanwhile (a sign-in, its user_info).
    let other = sign_in(&mock).await;
    assert_eq!(
        user_info(&mock, str_of(&other, "access_token")).await.0,
        200
    );
    gate.release();
    let first = first.await.unwrap();
    let second = second.await.unwrap();
    assert_eq!(first.0, 200, "{}", first.1);
    assert_eq!(refused(&second), (400, 20073, "invalid_grant"));
    assert_eq!(gate.waiting(), 0);
    // Released: refreshes are answered at once; a new gate holds again, and dropping it
    // releases.
    let again = sign_in(&mock).await;
    let answer = refresh(&mock, str_of(&again, "refresh_token")).await;
    assert_eq!(answer.0, 200);
    let gate = mock.hold_refreshes();
    let held = spawn(refresh_body(&mock, str_of(&answer.1, "refresh_token")));
    tokio::time::timeout(Duration::from_secs(10), gate.until_waiting(1))
        .await
        .unwrap();
    drop(gate);
    let held = tokio::time::timeout(Duration::from_secs(10), held)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(held.0, 200, "{}", held.1);
}

#[tokio::test]
#[should_panic(expected = "refresh_gates")]
async fn gates_need_the_relay() {
    let mock = MockHelpdesk::builder()
        .refresh_gates(false)
        .start()
        .await
        .unwrap();
    // Without the relay the rest works.
    let tokens = sign_in(&mock).await;
    assert_eq!(
        refresh(&mock, str_of(&tokens, "refresh_token")).await.0,
        200
    );
    let _gate = mock.hold_refreshes();
}

#[tokio::test]
async fn faults_of_the_refresh_grant() {
    let mock = MockHelpdesk::start().await;
    let tokens = sign_in(&mock).await;
    let refresh_token = str_of(&tokens, "refresh_token").to_owned();
    let scope = FaultScope::Operation(OAUTH_REFRESH_OPERATION.into());
    // Faults of other scopes do not reach the token endpoint.
    mock.inject(FaultScope::AllRequests, Fault::Internal);
    mock.inject(FaultScope::NextRequests(5), Fault::ConnectionError);
    let (status, second) = refresh(&mock, &refresh_token).await;
    assert_eq!(status, 200, "{second}");
    mock.clear_faults();

    // A transient 5xx: nothing applied.
    let refresh_token = str_of(&second, "refresh_token").to_owned();
    mock.inject(scope.clone(), Fault::Internal);
    assert_eq!(
        refused(&refresh(&mock, &refresh_token).await),
        (500, 20050, "server_error")
    );
    mock.clear_faults();
    let (status, third) = refresh(&mock, &refresh_token).await;
    assert_eq!(status, 200, "{third}");

    // The connection dropped before the refresh: nothing applied.
    let refresh_token = str_of(&third, "refresh_token").to_owned();
    mock.inject(scope.clone(), Fault::ConnectionError);
    let error = http()
        .post(format!("{}{TOKEN_PATH}", mock.uri()))
        .json(&refresh_body(&mock, &refresh_token))
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none(), "{error:?}");
    mock.clear_faults();
    let (status, fourth) = refresh(&mock, &refresh_token).await;
    assert_eq!(status, 200, "{fourth}");

    // Dropped after applying: the client's refresh token is dead, its reuse revokes.
    let refresh_token = str_of(&fourth, "refresh_token").to_owned();
    mock.inject(scope.clone(), Fault::DropAfterApplying);
    let error = http()
        .post(format!("{}{TOKEN_PATH}", mock.uri()))
        .json(&refresh_body(&mock, &refresh_token))
        .send()
        .await
        .unwrap_err();
    assert!(error.status().is_none(), "{error:?}");
    mock.clear_faults();
    assert_eq!(refused(&refresh(&mock, &refresh_token).await).1, 20073);
    assert_eq!(
        code_of(&user_info(&mock, str_of(&fourth, "access_token")).await),
        (400, 99_991_668)
    );
    assert_eq!(mock.refreshes(), 7);

    // Code exchanges are not faulted.
    mock.inject(scope, Fault::Internal);
    sign_in(&mock).await;
}

#[tokio::test]
async fn sign_ins_are_bounded_like_tokens() {
    let mock = MockHelpdesk::builder().max_tokens(2).start().await.unwrap();
    let first = sign_in(&mock).await;
    sign_in(&mock).await;
    sign_in(&mock).await;
    assert_eq!(
        code_of(&user_info(&mock, str_of(&first, "access_token")).await),
        (400, 99_991_668)
    );
    assert_eq!(
        refused(&refresh(&mock, str_of(&first, "refresh_token")).await).1,
        20026
    );
}

#[tokio::test]
async fn hostile_requests_get_answers_not_panics() {
    let mock = MockHelpdesk::start().await;
    let base = mock.uri();
    let client = http();
    let long = "a".repeat(20_000);
    for path in [AUTHORIZE_PATH, "/oauth/v1/device/verify", USER_INFO_PATH] {
        for query in [
            format!("client_id={long}"),
            "user_code=%FF%FE&action=deny".into(),
            "state=%00&redirect_uri=http%3A%2F%2F%5B%3A%3A1%5D%3A0%2F".into(),
        ] {
            let response = client
                .get(format!("{base}{path}?{query}"))
                .header(
                    "authorization",
                    reqwest::header::HeaderValue::from_bytes(b"Bearer \xff\xfe").unwrap(),
                )
                .send()
                .await
                .unwrap();
            let status = response.status();
            assert!(
                status.is_client_error() || status == 200,
                "{path}?{query}: {status}"
            );
            response.text().await.unwrap();
        }
    }
    for path in [TOKEN_PATH, DEVICE_AUTHORIZATION_PATH, REVOKE_PATH] {
        for (content_type, body) in [
            (
                "application/x-www-form-urlencoded",
                b"%%%=&&=&grant_type".to_vec(),
            ),
            ("application/x-www-form-urlencoded", vec![0xff; 10]),
            ("application/json", b"null".to_vec()),
            ("application/json", b"{\"client_id\": {\"a\": 1}}".to_vec()),
        ] {
            let response = client
                .post(format!("{base}{path}"))
                .header("content-type", content_type)
                .header("authorization", "Basic !!!")
                .body(body)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_client_error(), "{path}");
        }
    }
    let basic = base64::engine::general_purpose::STANDARD.encode("no-colon");
    let response = client
        .post(format!("{base}{TOKEN_PATH}"))
        .header("authorization", format!("Basic {basic}"))
        .json(&json!({"grant_type": "refresh_token", "refresh_token": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused(&status_json(response).await).1, 20063);
    // Still serving.
    sign_in(&mock).await;
}

#[tokio::test]
async fn no_secret_in_debug_or_pages() {
    let mock = MockHelpdesk::start().await;
    let tokens = sign_in(&mock).await;
    let gate = mock.hold_refreshes();
    let shown = format!("{mock:?} {gate:?} {:?}", mock.credentials());
    for secret in [
        str_of(&tokens, "access_token"),
        str_of(&tokens, "refresh_token"),
        &mock.credentials().app_secret,
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    // The verifier's hash is the challenge: neither is echoed by a refusal.
    assert_eq!(
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(VERIFIER)),
        CHALLENGE
    );
    let code = code(&mock).await;
    let answer = exchange(&mock, &code, json!({"code_verifier": "y".repeat(43)})).await;
    let text = answer.1.to_string();
    assert!(!text.contains(&code) && !text.contains(&"y".repeat(43)) && !text.contains(CHALLENGE));
}

#[tokio::test]
async fn the_accounts_url_is_among_the_environment_variables() {
    let mock = MockHelpdesk::start().await;
    assert_eq!(mock.env_var("LARK_ACCOUNTS_URL"), Some(mock.uri()));
    assert!(
        mock.env_vars()
            .iter()
            .any(|(k, v)| *k == "LARK_ACCOUNTS_URL" && *v == mock.uri())
    );
}
