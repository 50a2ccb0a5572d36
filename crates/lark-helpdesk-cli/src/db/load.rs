//! Each kind of export file into its rows: a ticket file, a ticket's messages file, a
//! part file. Each loader first deletes the rows the file wrote before, so that loading a
//! changed file replaces exactly what it holds.

use std::path::Path;

use rusqlite::{Connection, params};
use serde_json::{Map, Value};

use super::error::DbError;
use super::input::{Fields, for_each_line, parse_object, read_error};
use super::schema::{ColumnType, PartTable};

/// The database being written, and its file (for the errors).
pub struct Db<'c> {
    /// The connection, in the run's transaction.
    pub conn: &'c Connection,
    /// The database file.
    pub path: &'c Path,
}

/// A failed statement: a constraint broken by the data of `file` `line` is the line's
/// fault; anything else (a full disk) is the database's.
fn stored(db: &Db<'_>, file: &Path, line: u64) -> impl Fn(rusqlite::Error) -> DbError {
    let db_path = db.path.to_owned();
    let file = file.to_owned();
    move |e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => DbError::Line {
            path: file.clone(),
            line,
            problem: format!("cannot be stored: {e} (an item held twice?)"),
        },
        _ => database_error(&db_path, &e),
    }
}

/// An error of the database at `path`.
pub fn database_error(path: &Path, e: &rusqlite::Error) -> DbError {
    DbError::Database {
        path: path.to_owned(),
        problem: e.to_string(),
    }
}

impl Db<'_> {
    fn fail(&self) -> impl Fn(rusqlite::Error) -> DbError + '_ {
        |e| database_error(self.path, &e)
    }

    /// Runs `sql` with `params`, failing as the database.
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize, DbError> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| s.execute(params))
            .map_err(self.fail())
    }

    /// Deletes the rows of ticket `id`'s file.
    pub fn delete_ticket(&self, id: &str) -> Result<(), DbError> {
        self.exec("DELETE FROM tickets WHERE ticket_id = ?1", [id])?;
        self.exec("DELETE FROM ticket_users WHERE ticket_id = ?1", [id])?;
        Ok(())
    }

    /// Loads `tickets/<id>.json` at `path`: the ticket and its users. Returns the rows
    /// written.
    pub fn load_ticket(&self, path: &Path, id: &str) -> Result<u64, DbError> {
        self.delete_ticket(id)?;
        // One ticket: small, read whole.
        let text = std::fs::read_to_string(path).map_err(|e| read_error(path, e))?;
        let text = text.trim_end();
        let t = parse_object(text).map_err(|problem| DbError::Line {
            path: path.to_owned(),
            line: 1,
            problem,
        })?;
        if t.text("ticket_id").as_deref() != Some(id) {
            return Err(DbError::Layout {
                path: path.to_owned(),
                problem: format!(
                    "holds ticket {:?}, not {id:?} as its name says",
                    t.text("ticket_id").unwrap_or_default()
                ),
            });
        }
        let user_id = |key: &str| t.object(key).and_then(|u| u.text("id"));
        self.conn
            .prepare_cached(
                "INSERT INTO tickets (ticket_id, helpdesk_id, status, solve, channel, ticket_type,
                   score, created_at, updated_at, closed_at, guest_id, guest_name, agent_owner_id,
                   closed_by_id, agent_first_response_duration, agent_service_duration,
                   bot_service_duration, agent_resolution_time, actual_processing_time,
                   agent_entry_time, agent_first_response_time, agent_last_response_time,
                   dissatisfaction_reason, tags, customized_fields, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                   ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    t.text("helpdesk_id"),
                    t.int("status"),
                    t.int("solve"),
                    t.int("channel"),
                    t.int("ticket_type"),
                    t.int("score"),
                    t.millis("created_at"),
                    t.millis("updated_at"),
                    t.millis("closed_at"),
                    user_id("guest"),
                    t.object("guest").and_then(|u| u.text("name")),
                    user_id("agent_owner"),
                    user_id("closed_by"),
                    t.int("agent_first_response_duration"),
                    t.real("agent_service_duration"),
                    t.int("bot_service_duration"),
                    t.int("agent_resolution_time"),
                    t.int("actual_processing_time"),
                    t.millis("agent_entry_time"),
                    t.millis("agent_first_response_time"),
                    t.millis("agent_last_response_time"),
                    t.json("dissatisfaction_reason"),
                    t.json("tags"),
                    t.json("customized_fields"),
                    text,
                ])
            })
            .map_err(stored(self, path, 1))?;
        let mut rows = 1;
        let single = |key: &str| t.field(key).filter(|v| v.is_object()).into_iter();
        let roles: [(&str, Vec<&Value>); 5] = [
            ("guest", single("guest").collect()),
            ("agent", t.items("agents").iter().collect()),
            ("closed_by", single("closed_by").collect()),
            ("collaborator", t.items("collaborators").iter().collect()),
            ("agent_owner", single("agent_owner").collect()),
        ];
        let mut insert = self
            .conn
            .prepare_cached(
                "INSERT INTO ticket_users (ticket_id, role, position, user_id, name, email,
                   avatar_url, department, city, country, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .map_err(self.fail())?;
        for (role, users) in roles {
            for (position, user) in users.into_iter().enumerate() {
                let Some(u) = user.as_object() else { continue };
                insert
                    .execute(params![
                        id,
                        role,
                        position as i64,
                        u.text("id"),
                        u.text("name"),
                        u.text("email"),
                        u.text("avatar_url"),
                        u.text("department"),
                        u.text("city"),
                        u.text("country"),
                        user.to_string(),
                    ])
                    .map_err(stored(self, path, 1))?;
                rows += 1;
            }
        }
        Ok(rows)
    }

    /// Deletes the rows of ticket `id`'s messages file: its messages and their images.
    pub fn delete_messages(&self, id: &str) -> Result<(), DbError> {
        self.exec("DELETE FROM messages WHERE ticket_id = ?1", [id])?;
        self.exec(
            "DELETE FROM images WHERE owner = 'message' AND ticket_id = ?1",
            [id],
        )?;
        Ok(())
    }

    /// Loads `messages/<id>.ndjson` at `path`: the messages of ticket `id` and their
    /// images. Returns the rows written.
    pub fn load_messages(&self, path: &Path, id: &str) -> Result<u64, DbError> {
        self.delete_messages(id)?;
        let mut message = self
            .conn
            .prepare_cached(
                "INSERT INTO messages (ticket_id, seq, id, message_id, message_type, created_at,
                   user_id, user_name, avatar_url, content, text, images, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .map_err(self.fail())?;
        let mut rows = 0;
        let mut seq = 0i64;
        for_each_line(path, |line, text, m| {
            let message_type = m.text("message_type").unwrap_or_default();
            let content = m.text("content");
            let plain = content.as_deref().map(|raw| {
                lark_helpdesk::MessageContent::parse(
                    &lark_helpdesk::MessageType::parse(&message_type),
                    raw,
                )
                .to_plain_text()
            });
            let images = m.items("images");
            message
                .execute(params![
                    id,
                    seq,
                    m.text("id"),
                    m.text("message_id"),
                    message_type,
                    m.millis("created_at"),
                    m.text("user_id"),
                    m.text("user_name"),
                    m.text("avatar_url"),
                    content,
                    plain,
                    images.len() as i64,
                    text,
                ])
                .map_err(stored(self, path, line))?;
            seq += 1;
            rows += 1;
            let message_id = m.text("id");
            for image in images {
                let Some(image) = image.as_object() else {
                    return Err(DbError::Line {
                        path: path.to_owned(),
                        line,
                        problem: "an image reference that is no JSON object".into(),
                    });
                };
                self.insert_image(image, "message", Some(id), message_id.as_deref(), None)
                    .map_err(stored(self, path, line))?;
                rows += 1;
            }
            Ok(())
        })?;
        Ok(rows)
    }

    fn insert_image(
        &self,
        image: &Map<String, Value>,
        owner: &str,
        ticket_id: Option<&str>,
        message_id: Option<&str>,
        faq_id: Option<&str>,
    ) -> rusqlite::Result<usize> {
        self.conn
            .prepare_cached(
                "INSERT INTO images (owner, ticket_id, message_id, faq_id, key, image_index, file,
                   bytes, deleted, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                owner,
                ticket_id,
                message_id,
                faq_id,
                image.text("key"),
                image.int("index"),
                image.text("file"),
                image.int("bytes"),
                image.boolean("deleted").unwrap_or(0),
                Value::Object(image.clone()).to_string(),
            ])
    }

    /// Loads `faq_images.ndjson` (or, without `path`, empties what it wrote).
    pub fn load_faq_images(&self, path: Option<&Path>) -> Result<u64, DbError> {
        self.exec("DELETE FROM images WHERE owner = 'faq'", [])?;
        let Some(path) = path else { return Ok(0) };
        for_each_line(path, |line, _, image| {
            let faq_id = image.text("faq_id");
            self.insert_image(&image, "faq", None, None, faq_id.as_deref())
                .map_err(stored(self, path, line))?;
            Ok(())
        })
    }

    /// Loads `faqs.ndjson` into `faqs` and `faq_categories`.
    pub fn load_faqs(&self, path: Option<&Path>) -> Result<u64, DbError> {
        self.exec("DELETE FROM faqs", [])?;
        self.exec("DELETE FROM faq_categories", [])?;
        let Some(path) = path else { return Ok(0) };
        let mut rows = 0;
        for_each_line(path, |line, text, f| {
            let Some(faq_id) = f.text("faq_id").or_else(|| f.text("id")) else {
                return Err(no_id(path, line, "an FAQ", "faq_id"));
            };
            // The FAQ times are Unix seconds: milliseconds here, as every other time.
            let ms = |key: &str| f.int(key).filter(|&s| s > 0).map(|s| s * 1000);
            self.conn
                .prepare_cached(
                    "INSERT INTO faqs (faq_id, id, helpdesk_id, question, answer, created_at,
                       updated_at, expires_at, create_user_id, update_user_id, tags, json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        faq_id,
                        f.text("id"),
                        f.text("helpdesk_id"),
                        f.text("question"),
                        f.text("answer"),
                        ms("create_time"),
                        ms("update_time"),
                        ms("expire_time"),
                        f.object("create_user").and_then(|u| u.text("id")),
                        f.object("update_user").and_then(|u| u.text("id")),
                        f.json("tags"),
                        text,
                    ])
                })
                .map_err(stored(self, path, line))?;
            rows += 1;
            for category in f.items("categories") {
                let Some(c) = category.as_object() else {
                    continue;
                };
                if let Some(category_id) = c.text("category_id").or_else(|| c.text("id")) {
                    rows += self.exec(
                        "INSERT OR IGNORE INTO faq_categories (faq_id, category_id) VALUES (?1, ?2)",
                        [&faq_id, &category_id],
                    )? as u64;
                }
            }
            Ok(())
        })?;
        Ok(rows)
    }

    /// Loads `categories.ndjson`: the tree flattened, each category with its parent, its
    /// depth (0 for a root), its root and its path of names.
    pub fn load_categories(&self, path: Option<&Path>) -> Result<u64, DbError> {
        self.exec("DELETE FROM categories", [])?;
        let Some(path) = path else { return Ok(0) };
        let mut rows = 0;
        let mut position = 0i64;
        for_each_line(path, |line, _, root| {
            let parent = root.text("parent_id");
            rows += self.category(path, line, &root, parent, 0, None, "", position)?;
            position += 1;
            Ok(())
        })?;
        Ok(rows)
    }

    #[allow(clippy::too_many_arguments)] // one node of a walk: where it is in the tree
    fn category(
        &self,
        path: &Path,
        line: u64,
        node: &Map<String, Value>,
        parent_id: Option<String>,
        depth: i64,
        root_id: Option<&str>,
        parent_path: &str,
        position: i64,
    ) -> Result<u64, DbError> {
        // Children may lack `category_id` and have `id` only.
        let Some(id) = node.text("category_id").or_else(|| node.text("id")) else {
            return Err(no_id(path, line, "a category", "category_id"));
        };
        let name = node.text("name").unwrap_or_default();
        let full = if parent_path.is_empty() {
            name.clone()
        } else {
            format!("{parent_path} / {name}")
        };
        let root = root_id.unwrap_or(&id).to_owned();
        let mut own = node.clone();
        own.remove("children");
        // A category listed twice (as a root and as a child) keeps its first place.
        let mut rows = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO categories (category_id, name, parent_id, depth, root_id,
                   path, position, language, helpdesk_id, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    node.text("name"),
                    parent_id,
                    depth,
                    root,
                    full,
                    position,
                    node.text("language"),
                    node.text("helpdesk_id"),
                    Value::Object(own).to_string(),
                ])
            })
            .map_err(stored(self, path, line))? as u64;
        for (i, child) in node.items("children").iter().enumerate() {
            if let Some(child) = child.as_object() {
                rows += self.category(
                    path,
                    line,
                    child,
                    Some(id.clone()),
                    depth + 1,
                    Some(&root),
                    &full,
                    i as i64,
                )?;
            }
        }
        Ok(rows)
    }

    /// Loads `ticket_customized_fields.ndjson` into `custom_fields`.
    pub fn load_custom_fields(&self, path: Option<&Path>) -> Result<u64, DbError> {
        self.exec("DELETE FROM custom_fields", [])?;
        let Some(path) = path else { return Ok(0) };
        for_each_line(path, |line, text, f| {
            let Some(field_id) = f.text("ticket_customized_field_id") else {
                return Err(no_id(
                    path,
                    line,
                    "a custom field",
                    "ticket_customized_field_id",
                ));
            };
            self.conn
                .prepare_cached(
                    "INSERT INTO custom_fields (field_id, helpdesk_id, key_name, display_name,
                       position, field_type, description, visible, editable, required,
                       dropdown_allow_multiple, created_at, updated_at, created_by_id,
                       updated_by_id, dropdown_options, json)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                       ?16, ?17)",
                )
                .and_then(|mut s| {
                    s.execute(params![
                        field_id,
                        f.text("helpdesk_id"),
                        f.text("key_name"),
                        f.text("display_name"),
                        f.text("position"),
                        f.text("field_type"),
                        f.text("description"),
                        f.boolean("visible"),
                        f.boolean("editable"),
                        f.boolean("required"),
                        f.boolean("dropdown_allow_multiple"),
                        // Milliseconds in a string.
                        f.millis("created_at"),
                        f.millis("updated_at"),
                        f.object("created_by").and_then(|u| u.text("id")),
                        f.object("updated_by").and_then(|u| u.text("id")),
                        f.json("dropdown_options"),
                        text,
                    ])
                })
                .map_err(stored(self, path, line))?;
            Ok(())
        })
    }

    /// Loads the agents from `agent_schedules.ndjson` (who they are, their status, their
    /// schedule and skills) and `agent_emails.ndjson` (their addresses): both are read
    /// again when either changed.
    pub fn load_agents(
        &self,
        schedules: Option<&Path>,
        emails: Option<&Path>,
    ) -> Result<u64, DbError> {
        for table in ["agents", "agent_schedules", "agent_skill_members"] {
            self.exec(&format!("DELETE FROM {table}"), [])?;
        }
        let mut rows = 0;
        if let Some(path) = schedules {
            for_each_line(path, |line, text, s| {
                let agent = s.object("agent");
                let Some(agent_id) = agent.and_then(|a| a.text("id")) else {
                    return Err(no_id(path, line, "an agent's schedule", "agent.id"));
                };
                let a = |key: &str| agent.and_then(|a| a.text(key));
                rows += self
                    .conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO agents (agent_id, name, email, status, department,
                           company_name, avatar_url, json)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )
                    .and_then(|mut st| {
                        st.execute(params![
                            agent_id,
                            a("name"),
                            a("email").filter(|e| !e.is_empty()),
                            s.int("status"),
                            a("department"),
                            a("company_name"),
                            a("avatar_url"),
                            text,
                        ])
                    })
                    .map_err(stored(self, path, line))? as u64;
                for slot in s.items("schedule") {
                    let Some(slot) = slot.as_object() else {
                        continue;
                    };
                    rows += self.exec(
                        "INSERT INTO agent_schedules (agent_id, weekday, start_time, end_time, json)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![
                            agent_id,
                            slot.int("weekday"),
                            slot.text("start_time"),
                            slot.text("end_time"),
                            Value::Object(slot.clone()).to_string(),
                        ],
                    )? as u64;
                }
                for skill in s.items("agent_skills") {
                    let Some(skill_id) = skill.as_object().and_then(|k| k.text("id")) else {
                        continue;
                    };
                    let k = skill.as_object().expect("checked above");
                    rows += self.exec(
                        "INSERT OR IGNORE INTO agent_skill_members (agent_id, skill_id, name,
                           is_default)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![agent_id, skill_id, k.text("name"), k.boolean("is_default")],
                    )? as u64;
                }
                Ok(())
            })?;
        }
        if let Some(path) = emails {
            for_each_line(path, |line, _, e| {
                let Some(agent_id) = e.text("agent_id") else {
                    return Err(no_id(path, line, "an agent's address", "agent_id"));
                };
                // The address listing is the one meant for addresses: it wins.
                rows += self.exec(
                    "INSERT INTO agents (agent_id, email) VALUES (?1, ?2)
                     ON CONFLICT (agent_id) DO UPDATE SET email = coalesce(excluded.email, email)",
                    params![agent_id, e.text("email").filter(|e| !e.is_empty())],
                )? as u64;
                Ok(())
            })?;
        }
        Ok(rows)
    }

    /// Loads `table`'s part file (or, without `path`, empties it).
    pub fn load_part(&self, table: &PartTable, path: Option<&Path>) -> Result<u64, DbError> {
        self.exec(&format!("DELETE FROM \"{}\"", table.part), [])?;
        let Some(path) = path else { return Ok(0) };
        let mut insert = self
            .conn
            .prepare_cached(&table.insert())
            .map_err(self.fail())?;
        for_each_line(path, |line, text, item| {
            let mut values: Vec<rusqlite::types::Value> = table
                .columns
                .iter()
                .map(|c| {
                    use rusqlite::types::Value as V;
                    let value = match c.kind {
                        ColumnType::Text => item.text(&c.name).map(V::Text),
                        ColumnType::Integer => item.int(&c.name).map(V::Integer),
                        ColumnType::Boolean => item.boolean(&c.name).map(V::Integer),
                        ColumnType::Real => item.real(&c.name).map(V::Real),
                        ColumnType::Json => item.json(&c.name).map(V::Text),
                    };
                    value.unwrap_or(V::Null)
                })
                .collect();
            values.push(rusqlite::types::Value::Text(text.to_owned()));
            insert
                .execute(rusqlite::params_from_iter(values))
                .map_err(stored(self, path, line))?;
            Ok(())
        })
    }
}

/// A line whose item has no id.
fn no_id(path: &Path, line: u64, what: &str, field: &str) -> DbError {
    DbError::Line {
        path: path.to_owned(),
        line,
        problem: format!("{what} without {field}"),
    }
}
