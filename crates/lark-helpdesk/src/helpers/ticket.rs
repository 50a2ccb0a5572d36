//! Typed tickets: the platform's fields as the generated types decode them, the ticket's
//! JSON exactly as it came, and the coded fields as enums open to new values.

use std::fmt;

use lark_helpdesk_api::types;
use serde_json::value::RawValue;

use crate::helpers::message::Timestamp;

/// A user of a ticket (guest, agent, collaborator), as the platform sends it.
pub type TicketUser = types::TicketUser;
/// A comment on a ticket.
pub type TicketComment = types::TicketComment;
/// A custom field of a ticket, as displayed.
pub type CustomizedField = types::CustomizedFieldDisplayItem;
/// A text in several languages.
pub type I18nText = types::I18n;
/// A tag of a ticket.
pub type TicketTag = types::TicketTag;

/// One helpdesk ticket.
///
/// Every field may be absent or `null`; unknown fields are kept in
/// [`raw_json`](Self::raw_json) (the ticket exactly as the platform sent it, which is
/// also its `Serialize` form) and otherwise ignored.
#[derive(Clone)]
pub struct Ticket {
    fields: types::Ticket,
    raw: Box<RawValue>,
}

impl Ticket {
    /// A ticket from its JSON as sent, and the generated type's reading of it.
    pub(crate) fn new(fields: types::Ticket, raw: Box<RawValue>) -> Self {
        Ticket { fields, raw }
    }

    /// Ticket ID ("" when absent).
    pub fn ticket_id(&self) -> &str {
        self.fields.ticket_id.as_deref().unwrap_or_default()
    }

    /// Helpdesk ID ("" when absent).
    pub fn helpdesk_id(&self) -> &str {
        self.fields.helpdesk_id.as_deref().unwrap_or_default()
    }

    /// The status, if sent.
    pub fn status(&self) -> Option<TicketStatus> {
        self.fields.status.map(TicketStatus::from_code)
    }

    /// The channel the ticket came through, if sent.
    pub fn channel(&self) -> Option<Channel> {
        self.fields.channel.map(Channel::from_code)
    }

    /// Bot or human service, if sent.
    pub fn ticket_type(&self) -> Option<TicketType> {
        self.fields.ticket_type.map(TicketType::from_code)
    }

    /// Whether it was solved (`solve`: 1 not solved, 2 solved), if sent.
    pub fn solved(&self) -> Option<bool> {
        match self.fields.solve {
            Some(1) => Some(false),
            Some(2) => Some(true),
            _ => None,
        }
    }

    /// The satisfaction score (1 dissatisfied, 2 neutral, 3 satisfied), if sent.
    pub fn score(&self) -> Option<i32> {
        self.fields.score
    }

    /// Creation time, if sent.
    pub fn created_at(&self) -> Option<Timestamp> {
        time(self.fields.created_at)
    }

    /// Last update, if there was one (the platform sends -1 when there was none).
    pub fn updated_at(&self) -> Option<Timestamp> {
        time(self.fields.updated_at)
    }

    /// Closing time, if sent.
    pub fn closed_at(&self) -> Option<Timestamp> {
        time(self.fields.closed_at)
    }

    /// The guest (the user who asked), if sent.
    pub fn guest(&self) -> Option<&TicketUser> {
        self.fields.guest.as_ref()
    }

    /// The agents of the ticket.
    pub fn agents(&self) -> &[TicketUser] {
        self.fields.agents.as_deref().unwrap_or_default()
    }

    /// The comments, whether the platform sent one object or an array of them.
    pub fn comments(&self) -> Vec<&TicketComment> {
        match &self.fields.comments {
            None => Vec::new(),
            Some(types::TicketComments::TicketComment(one)) => vec![one],
            Some(types::TicketComments::Array(all)) => all.iter().collect(),
        }
    }

    /// The tags (newer versions of the platform send them).
    pub fn tags(&self) -> &[TicketTag] {
        self.fields.tags.as_deref().unwrap_or_default()
    }

    /// Every field the generated types know, as decoded.
    pub fn fields(&self) -> &types::Ticket {
        &self.fields
    }

    /// The ticket's JSON object exactly as the platform sent it, unknown fields included.
    pub fn raw_json(&self) -> &str {
        self.raw.get()
    }
}

fn time(ms: Option<i64>) -> Option<Timestamp> {
    ms.filter(|&ms| ms >= 0).map(Timestamp::from_millis)
}

impl fmt::Debug for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ticket")
            .field("ticket_id", &self.ticket_id())
            .field("status", &self.status())
            .field("created_at", &self.created_at())
            .field("updated_at", &self.updated_at())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Ticket {
    /// Equal when the platform sent the same JSON.
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get()
    }
}

impl serde::Serialize for Ticket {
    /// The ticket exactly as the platform sent it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

/// Defines a coded field: named values, and `Other` for codes the platform adds later.
macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal => $label:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A code this SDK does not know, kept as sent.
            Other(i32),
        }

        impl $name {
            /// The value of a platform code.
            pub fn from_code(code: i32) -> Self {
                match code {
                    $($code => Self::$variant,)*
                    other => Self::Other(other),
                }
            }

            /// The platform's code.
            pub fn code(self) -> i32 {
                match self {
                    $(Self::$variant => $code,)*
                    Self::Other(code) => code,
                }
            }

            /// A short name, as the CLI takes and prints it (`other-<code>` for unknown
            /// codes).
            pub fn name(self) -> String {
                match self {
                    $(Self::$variant => $label.to_string(),)*
                    Self::Other(code) => format!("other-{code}"),
                }
            }

            /// Every named value.
            pub const ALL: &'static [$name] = &[$(Self::$variant,)*];
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.name())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            /// A name of [`ALL`](Self::ALL), or a number.
            fn from_str(s: &str) -> Result<Self, String> {
                let s = s.trim();
                if let Ok(code) = s.parse::<i32>() {
                    return Ok(Self::from_code(code));
                }
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.name() == s)
                    .ok_or_else(|| {
                        let names: Vec<String> = Self::ALL.iter().map(|v| v.name()).collect();
                        format!("{s:?} is none of {} (or a number)", names.join(", "))
                    })
            }
        }
    };
}

coded! {
    /// The status of a ticket.
    TicketStatus {
        /// 1: created.
        Created = 1 => "created",
        /// 2: in progress.
        InProgress = 2 => "in-progress",
        /// 3: queued.
        Queued = 3 => "queued",
        /// 4: pending.
        Pending = 4 => "pending",
        /// 5: waiting for the user's answer.
        WaitingForUser = 5 => "waiting-for-user",
        /// 50: closed by the bot.
        ClosedByBot = 50 => "closed-by-bot",
        /// 51: closed by an agent.
        ClosedByAgent = 51 => "closed-by-agent",
        /// 52: closed by the user.
        ClosedByUser = 52 => "closed-by-user",
    }
}

coded! {
    /// The channel a ticket came through.
    Channel {
        /// 9: the Open API.
        OpenApi = 9 => "open-api",
        /// 2: a QR code.
        QrCode = 2 => "qr-code",
        /// 14: a shared link.
        Share = 14 => "share",
        /// 13: search.
        Search = 13 => "search",
    }
}

coded! {
    /// Who serves a ticket.
    TicketType {
        /// 1: the bot.
        Bot = 1 => "bot",
        /// 2: a human agent.
        Human = 2 => "human",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(json: &str) -> Ticket {
        let raw = RawValue::from_string(json.to_string()).unwrap();
        Ticket::new(serde_json::from_str(json).unwrap(), raw)
    }

    #[test]
    fn absent_null_minus_one_and_unknown_fields_never_fail() {
        let t = ticket(
            r#"{"ticket_id":"1","updated_at":-1,"status":null,"new_field":{"x":1},"channel":77,"solve":2}"#,
        );
        assert_eq!(t.ticket_id(), "1");
        assert_eq!(t.updated_at(), None);
        assert_eq!(t.status(), None);
        assert_eq!(t.channel(), Some(Channel::Other(77)));
        assert_eq!(t.solved(), Some(true));
        assert!(t.raw_json().contains("new_field"), "kept as sent");
        assert_eq!(serde_json::to_string(&t).unwrap(), t.raw_json());
        let empty = ticket("{}");
        assert_eq!((empty.ticket_id(), empty.comments().len()), ("", 0));
    }

    #[test]
    fn comments_are_an_object_or_an_array() {
        let one = ticket(r#"{"comments":{"content":"a","id":1}}"#);
        assert_eq!(one.comments().len(), 1);
        let many = ticket(r#"{"comments":[{"content":"a"},{"content":"b"}]}"#);
        let texts: Vec<_> = many.comments().iter().map(|c| c.content.clone()).collect();
        assert_eq!(texts, [Some("a".to_string()), Some("b".to_string())]);
    }

    #[test]
    fn coded_fields_round_trip_by_name_and_code() {
        for status in TicketStatus::ALL {
            assert_eq!(status.name().parse::<TicketStatus>(), Ok(*status));
            assert_eq!(TicketStatus::from_code(status.code()), *status);
        }
        assert_eq!(
            "51".parse::<TicketStatus>(),
            Ok(TicketStatus::ClosedByAgent)
        );
        assert_eq!("7".parse::<Channel>(), Ok(Channel::Other(7)));
        assert!("nope".parse::<TicketType>().unwrap_err().contains("bot"));
    }
}
