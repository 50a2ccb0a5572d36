//! A fake Feishu / Lark Helpdesk server.

pub mod spec;
