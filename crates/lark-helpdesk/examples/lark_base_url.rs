//! Call Lark (international) instead of Feishu, with a per-request timeout.

use std::time::Duration;

use lark_helpdesk::{Client, LARK_BASE_URL, RetryPolicy};

#[tokio::main]
async fn main() -> Result<(), lark_helpdesk::Error> {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let client = Client::builder()
        .base_url(LARK_BASE_URL)
        .app_credentials(var("LARK_APP_ID"), var("LARK_APP_SECRET"))
        .helpdesk_credential(var("LARK_HELPDESK_ID"), var("LARK_HELPDESK_TOKEN"))
        .retry_policy(RetryPolicy::attempts(5))
        .build()?;
    let page = client
        .ticket_messages("6948728206392295444")
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    match page {
        Ok(page) => println!("{} messages", page.messages.len()),
        Err(e) => {
            eprintln!("{e}");
            if let Some(hint) = e.api_kind().and_then(|k| k.hint()) {
                eprintln!("hint: {hint}");
            }
        }
    }
    Ok(())
}
