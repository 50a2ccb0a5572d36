//! Get one page of a ticket's messages.
//!
//! ```sh
//! LARK_APP_ID=... LARK_APP_SECRET=... LARK_HELPDESK_ID=... LARK_HELPDESK_TOKEN=... \
//!   cargo run -p lark-helpdesk --example one_page -- 6948728206392295444
//! ```

use lark_helpdesk::Client;

#[tokio::main]
async fn main() -> Result<(), lark_helpdesk::Error> {
    let ticket = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "6948728206392295444".into());
    let client = Client::from_env()?;
    let page = client
        .ticket_messages(ticket)
        .page(1)
        .page_size(20)
        .send()
        .await?;
    println!(
        "page {} holds {} of {:?} messages (log id {:?})",
        page.page,
        page.messages.len(),
        page.total,
        page.log_id()
    );
    for m in &page.messages {
        let when = m.created_at().map(|t| t.to_string()).unwrap_or_default();
        println!(
            "{when} {} [{}] {}",
            m.user_name(),
            m.message_type(),
            m.content().to_plain_text()
        );
    }
    Ok(())
}
