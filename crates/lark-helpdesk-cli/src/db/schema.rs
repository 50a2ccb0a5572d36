//! The database's tables: the key ones written here by hand (typed columns for what
//! people filter and join on), and one table for each other listing part of the spec,
//! derived from its item schema, so that a part added to the spec gets a table without
//! code.

use std::fmt::Write as _;

use lark_helpdesk_api::spec::Spec;
use serde_json::Value;

/// The version of the layout below: a database of another version is rebuilt whole.
pub const SCHEMA_VERSION: i64 = 1;

/// The export parts read by a hand-written loader; every other listing part gets a
/// [`PartTable`].
pub const HAND_WRITTEN_PARTS: &[&str] = &[
    "tickets",
    "images",
    "faqs",
    "faq_images",
    "categories",
    "ticket_customized_fields",
    "agent_schedules",
    "agent_emails",
];

/// The readable form of a Unix-milliseconds column `col`: RFC 3339 in UTC, with
/// milliseconds (NULL stays NULL).
fn iso(col: &str) -> String {
    format!(
        "{col}_iso TEXT GENERATED ALWAYS AS (strftime('%Y-%m-%dT%H:%M:%fZ', {col} / 1000.0, 'unixepoch')) VIRTUAL"
    )
}

/// The statements creating the hand-written tables, their indexes and views.
pub fn key_tables() -> String {
    format!(
        "
CREATE TABLE db_meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE db_files (
  path TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  hash INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  read_at INTEGER NOT NULL,
  run INTEGER NOT NULL
);
CREATE TABLE export (
  format TEXT NOT NULL,
  finished INTEGER NOT NULL,
  synced_at INTEGER,
  tickets INTEGER,
  written_at INTEGER,
  filters TEXT,
  json TEXT NOT NULL,
  {synced}, {written}
);
CREATE TABLE export_parts (
  part TEXT PRIMARY KEY,
  synced_at INTEGER,
  items INTEGER,
  skipped TEXT,
  json TEXT NOT NULL,
  {part_synced}
);
CREATE TABLE codes (kind TEXT NOT NULL, code INTEGER NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (kind, code)) WITHOUT ROWID;
CREATE TABLE tickets (
  ticket_id TEXT PRIMARY KEY,
  helpdesk_id TEXT,
  status INTEGER,
  solve INTEGER,
  channel INTEGER,
  ticket_type INTEGER,
  score INTEGER,
  created_at INTEGER,
  updated_at INTEGER,
  closed_at INTEGER,
  guest_id TEXT,
  guest_name TEXT,
  agent_owner_id TEXT,
  closed_by_id TEXT,
  agent_first_response_duration INTEGER,
  agent_service_duration REAL,
  bot_service_duration INTEGER,
  agent_resolution_time INTEGER,
  actual_processing_time INTEGER,
  agent_entry_time INTEGER,
  agent_first_response_time INTEGER,
  agent_last_response_time INTEGER,
  dissatisfaction_reason TEXT,
  tags TEXT,
  customized_fields TEXT,
  json TEXT NOT NULL,
  {created}, {updated}, {closed}
);
CREATE INDEX tickets_by_status ON tickets (status, created_at);
CREATE INDEX tickets_by_created ON tickets (created_at);
CREATE INDEX tickets_by_guest ON tickets (guest_id);
CREATE TABLE ticket_users (
  ticket_id TEXT NOT NULL,
  role TEXT NOT NULL,
  position INTEGER NOT NULL,
  user_id TEXT,
  name TEXT,
  email TEXT,
  avatar_url TEXT,
  department TEXT,
  city TEXT,
  country TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (ticket_id, role, position)
);
CREATE INDEX ticket_users_by_user ON ticket_users (user_id, role);
CREATE TABLE messages (
  ticket_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  id TEXT,
  message_id TEXT,
  message_type TEXT,
  created_at INTEGER,
  user_id TEXT,
  user_name TEXT,
  avatar_url TEXT,
  content TEXT,
  text TEXT,
  images INTEGER NOT NULL,
  json TEXT NOT NULL,
  {message_created}
);
CREATE INDEX messages_by_ticket ON messages (ticket_id, created_at);
CREATE INDEX messages_by_user ON messages (user_id, created_at);
CREATE TABLE images (
  owner TEXT NOT NULL,
  ticket_id TEXT,
  message_id TEXT,
  faq_id TEXT,
  key TEXT,
  image_index INTEGER,
  file TEXT,
  bytes INTEGER,
  deleted INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX images_by_message ON images (ticket_id, message_id);
CREATE INDEX images_by_faq ON images (faq_id);
CREATE TABLE faqs (
  faq_id TEXT PRIMARY KEY,
  id TEXT,
  helpdesk_id TEXT,
  question TEXT,
  answer TEXT,
  created_at INTEGER,
  updated_at INTEGER,
  expires_at INTEGER,
  create_user_id TEXT,
  update_user_id TEXT,
  tags TEXT,
  json TEXT NOT NULL,
  {faq_created}, {faq_updated}, {faq_expires}
);
CREATE TABLE faq_categories (
  faq_id TEXT NOT NULL,
  category_id TEXT NOT NULL,
  PRIMARY KEY (faq_id, category_id)
) WITHOUT ROWID;
CREATE INDEX faq_categories_by_category ON faq_categories (category_id);
CREATE TABLE categories (
  category_id TEXT PRIMARY KEY,
  name TEXT,
  parent_id TEXT,
  depth INTEGER NOT NULL,
  root_id TEXT NOT NULL,
  path TEXT NOT NULL,
  position INTEGER NOT NULL,
  language TEXT,
  helpdesk_id TEXT,
  json TEXT NOT NULL
);
CREATE INDEX categories_by_parent ON categories (parent_id);
CREATE TABLE custom_fields (
  field_id TEXT PRIMARY KEY,
  helpdesk_id TEXT,
  key_name TEXT,
  display_name TEXT,
  position TEXT,
  field_type TEXT,
  description TEXT,
  visible INTEGER,
  editable INTEGER,
  required INTEGER,
  dropdown_allow_multiple INTEGER,
  created_at INTEGER,
  updated_at INTEGER,
  created_by_id TEXT,
  updated_by_id TEXT,
  dropdown_options TEXT,
  json TEXT NOT NULL,
  {field_created}, {field_updated}
);
CREATE TABLE agents (
  agent_id TEXT PRIMARY KEY,
  name TEXT,
  email TEXT,
  status INTEGER,
  department TEXT,
  company_name TEXT,
  avatar_url TEXT,
  json TEXT
);
CREATE TABLE agent_schedules (
  agent_id TEXT NOT NULL,
  weekday INTEGER,
  start_time TEXT,
  end_time TEXT,
  json TEXT NOT NULL
);
CREATE INDEX agent_schedules_by_agent ON agent_schedules (agent_id);
CREATE TABLE agent_skill_members (
  agent_id TEXT NOT NULL,
  skill_id TEXT NOT NULL,
  name TEXT,
  is_default INTEGER,
  PRIMARY KEY (agent_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX agent_skill_members_by_skill ON agent_skill_members (skill_id);

-- The first message of each ticket sent by one of the ticket's agents (a user with the
-- role agent in ticket_users), and how long after the ticket's creation it came.
CREATE VIEW first_response AS
WITH agent_messages AS (
  SELECT m.ticket_id, m.user_id, m.created_at,
         row_number() OVER (PARTITION BY m.ticket_id ORDER BY m.created_at, m.seq) AS n
  FROM messages m
  WHERE m.created_at IS NOT NULL
    AND EXISTS (SELECT 1 FROM ticket_users u
                WHERE u.ticket_id = m.ticket_id AND u.role = 'agent' AND u.user_id = m.user_id)
)
SELECT t.ticket_id, a.user_id AS agent_id, t.created_at AS ticket_created_at,
       a.created_at AS responded_at, a.created_at - t.created_at AS response_ms,
       strftime('%Y-%m-%dT%H:%M:%fZ', a.created_at / 1000.0, 'unixepoch') AS responded_at_iso
FROM agent_messages a JOIN tickets t ON t.ticket_id = a.ticket_id
WHERE a.n = 1;
",
        synced = iso("synced_at"),
        written = iso("written_at"),
        part_synced = iso("synced_at"),
        created = iso("created_at"),
        updated = iso("updated_at"),
        closed = iso("closed_at"),
        message_created = iso("created_at"),
        faq_created = iso("created_at"),
        faq_updated = iso("updated_at"),
        faq_expires = iso("expires_at"),
        field_created = iso("created_at"),
        field_updated = iso("updated_at"),
    )
}

/// The hand-written tables and views, to drop before a rebuild.
pub const KEY_TABLES: &[&str] = &[
    "db_meta",
    "db_files",
    "export",
    "export_parts",
    "codes",
    "tickets",
    "ticket_users",
    "messages",
    "images",
    "faqs",
    "faq_categories",
    "categories",
    "custom_fields",
    "agents",
    "agent_schedules",
    "agent_skill_members",
];

/// The views, dropped before the tables.
pub const VIEWS: &[&str] = &["first_response"];

/// The SQL type of a column, from the JSON Schema type of its property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A string: TEXT.
    Text,
    /// An integer: INTEGER.
    Integer,
    /// A number: REAL.
    Real,
    /// A boolean: INTEGER 0 or 1.
    Boolean,
    /// An object, an array or an untyped value: TEXT holding its JSON.
    Json,
}

impl ColumnType {
    fn of(schema: &Value) -> ColumnType {
        match schema["type"].as_str() {
            Some("string") => ColumnType::Text,
            Some("integer") => ColumnType::Integer,
            Some("number") => ColumnType::Real,
            Some("boolean") => ColumnType::Boolean,
            _ => ColumnType::Json,
        }
    }

    fn sql(self) -> &'static str {
        match self {
            ColumnType::Text | ColumnType::Json => "TEXT",
            ColumnType::Integer | ColumnType::Boolean => "INTEGER",
            ColumnType::Real => "REAL",
        }
    }
}

/// A column of a [`PartTable`]: the item's property of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The property, and the column's name.
    pub name: String,
    /// Its type.
    pub kind: ColumnType,
}

/// The table of a listing part without a hand-written loader: one row per line of
/// `<part>.ndjson`, a column per property of the item schema, and `json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartTable {
    /// The part, its file stem and the table's name.
    pub part: &'static str,
    /// The item's properties, in the spec's order.
    pub columns: Vec<Column>,
    /// The column naming an item, indexed (when the spec names one at the top level).
    pub id: Option<String>,
}

impl PartTable {
    /// The export file it is read from, relative to DIR.
    pub fn file(&self) -> String {
        format!("{}.ndjson", self.part)
    }

    /// The statements creating it and its index.
    pub fn create(&self) -> String {
        let mut sql = format!("CREATE TABLE \"{}\" (", self.part);
        for column in &self.columns {
            let _ = write!(sql, "\"{}\" {}, ", column.name, column.kind.sql());
        }
        sql.push_str("json TEXT NOT NULL);\n");
        if let Some(id) = &self.id {
            let _ = writeln!(
                sql,
                "CREATE INDEX \"{0}_by_{1}\" ON \"{0}\" (\"{1}\");",
                self.part, id
            );
        }
        sql
    }

    /// The INSERT statement of a row, its parameters in column order then `json`.
    pub fn insert(&self) -> String {
        let names: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .chain(["json".to_owned()])
            .collect();
        let params: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO \"{}\" ({}) VALUES ({})",
            self.part,
            names.join(", "),
            params.join(", ")
        )
    }
}

/// The [`PartTable`] of every listing part of the spec (`x-export` without `of`) that
/// has no hand-written loader.
pub fn part_tables() -> Vec<PartTable> {
    let spec = Spec::embedded();
    lark_helpdesk::ops::ALL
        .iter()
        .filter_map(|op| {
            let export = op.export?;
            if export.of.is_some() || HAND_WRITTEN_PARTS.contains(&export.part) {
                return None;
            }
            Some(part_table(spec, op, &export))
        })
        .collect()
}

fn part_table(
    spec: &Spec,
    op: &lark_helpdesk::Operation,
    export: &lark_helpdesk::Export,
) -> PartTable {
    // An object of entries: its two names are the columns.
    if let Some((key, value)) = export.entries {
        return PartTable {
            part: export.part,
            columns: [key, value]
                .iter()
                .map(|name| Column {
                    name: (*name).to_owned(),
                    kind: ColumnType::Text,
                })
                .collect(),
            id: Some(key.to_owned()),
        };
    }
    let operation = spec
        .operations()
        .find(|(id, ..)| *id == op.id)
        .map(|(.., value)| value);
    // Where the items are: as x-export says, else the pagination, else the collection.
    let items = if !export.items.is_empty() {
        export.items.to_owned()
    } else if let Some(pagination) = &op.pagination {
        pagination.items().to_owned()
    } else {
        operation
            .and_then(|o| o["x-resource"]["data"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let item_id = if !export.item_id.is_empty() {
        export.item_id.to_owned()
    } else if let Some(pagination) = &op.pagination {
        pagination.item_id().to_owned()
    } else {
        operation
            .and_then(|o| o["x-resource"]["id_field"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let item = operation
        .map(|o| {
            let answer =
                spec.resolve(&o["responses"]["200"]["content"]["application/json"]["schema"]);
            let data = spec.resolve(&answer["properties"]["data"]);
            let array = spec.resolve(&data["properties"][items.as_str()]);
            spec.resolve(&array["items"]).clone()
        })
        .unwrap_or(Value::Null);
    let columns: Vec<Column> = item["properties"]
        .as_object()
        .into_iter()
        .flatten()
        // `json` is the column of the whole item.
        .filter(|(name, _)| name.as_str() != "json")
        .map(|(name, schema)| Column {
            name: name.clone(),
            kind: ColumnType::of(spec.resolve(schema)),
        })
        .collect();
    let id = columns
        .iter()
        .find(|c| c.name == item_id)
        .map(|c| c.name.clone());
    PartTable {
        part: export.part,
        columns,
        id,
    }
}

/// The codes of the tickets' enumerations and their names, as the SDK names them.
pub fn codes() -> Vec<(&'static str, i32, String)> {
    let mut out = Vec::new();
    for code in [1, 2, 3, 4, 5, 50, 51, 52] {
        out.push((
            "status",
            code,
            lark_helpdesk::TicketStatus::from_code(code).name(),
        ));
    }
    for code in [2, 9, 13, 14] {
        out.push((
            "channel",
            code,
            lark_helpdesk::Channel::from_code(code).name(),
        ));
    }
    for code in [1, 2] {
        out.push((
            "ticket_type",
            code,
            lark_helpdesk::TicketType::from_code(code).name(),
        ));
    }
    out.push(("solve", 1, "not-solved".to_owned()));
    out.push(("solve", 2, "solved".to_owned()));
    out.push(("score", 1, "dissatisfied".to_owned()));
    out.push(("score", 2, "neutral".to_owned()));
    out.push(("score", 3, "satisfied".to_owned()));
    out
}

#[cfg(test)]
mod tests {
    use super::{ColumnType, KEY_TABLES, part_tables};

    #[test]
    fn every_other_listing_part_gets_a_table_from_its_item_schema() {
        let tables = part_tables();
        let names: Vec<&str> = tables.iter().map(|t| t.part).collect();
        assert_eq!(names, ["agent_skills", "agent_skill_rules"], "{tables:#?}");
        for table in &tables {
            assert!(!KEY_TABLES.contains(&table.part), "{} is taken", table.part);
            assert!(!table.columns.is_empty(), "{table:?}");
        }
        let skills = &tables[0];
        assert_eq!(skills.id.as_deref(), Some("agent_skill_id"));
        let kind = |name: &str| {
            skills
                .columns
                .iter()
                .find(|c| c.name == name)
                .map(|c| c.kind)
        };
        assert_eq!(kind("name"), Some(ColumnType::Text));
        assert_eq!(kind("is_default"), Some(ColumnType::Boolean));
        assert_eq!(kind("agent_ids"), Some(ColumnType::Json));
        let rules = &tables[1];
        assert_eq!(rules.id.as_deref(), Some("id"));
        assert!(rules.create().contains("\"selected_operator\" INTEGER"));
    }

    #[test]
    fn the_key_tables_and_every_part_table_create_together() {
        let db = rusqlite::Connection::open_in_memory().unwrap();
        db.execute_batch(&super::key_tables()).unwrap();
        for table in part_tables() {
            db.execute_batch(&table.create()).unwrap();
            let n = table.columns.len() + 1;
            let insert = db.prepare(&table.insert()).unwrap();
            assert_eq!(insert.parameter_count(), n);
        }
    }
}
