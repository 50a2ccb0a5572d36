//! The rest of the synthetic helpdesk, beside its tickets and messages: the knowledge
//! base (a category tree, FAQs in every status, some with images), the agents (every
//! agent the tickets name, and two more), their emails and schedules, skills and the
//! rules they are made of, and the ticket custom fields (the one the tickets carry, and
//! two more). Deterministic (from the helpdesk's seed) and small: the same whatever the
//! ticket count, a few dozen items in all.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::data::SplitMix64;
use crate::resources::Resources;
use crate::tickets::{AGENTS, HELPDESK_ID, ORDER_FIELD};

/// The `x-resource` collections the synthetic items are added to, and their id fields.
pub(crate) const CATEGORIES: (&str, &str) = ("categories", "category_id");
pub(crate) const FAQS: (&str, &str) = ("faqs", "faq_id");
pub(crate) const AGENT_SKILLS: (&str, &str) = ("agent_skills", "agent_skill_id");
pub(crate) const TICKET_FIELDS: (&str, &str) =
    ("ticket_customized_fields", "ticket_customized_field_id");

/// The FAQ statuses `list_faqs` filters by: "1" online, "0" deleted (recoverable), "2"
/// deleted for good.
pub(crate) const FAQ_STATUSES: [&str; 3] = ["1", "0", "2"];

/// How many FAQs the knowledge base holds.
const FAQ_COUNT: usize = 30;

/// 2026-05-01T00:00:00Z in Unix seconds: the knowledge base was written before the
/// first ticket.
const KB_EPOCH_S: i64 = 1_777_593_600;

/// One agent: open id, name, status (1 online, 2 offline, 3 off duty, 4 removed),
/// department.
#[derive(Debug, Clone)]
pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) status: i64,
    department: &'static str,
}

impl Agent {
    pub(crate) fn email(&self) -> String {
        format!("{}@example.com", self.id)
    }

    fn avatar(&self) -> String {
        format!("https://example.com/avatars/{}.png", self.id)
    }

    /// As a `TicketUser` (the FAQs' authors, the skills' agents).
    fn user(&self) -> Value {
        json!({"id": self.id, "avatar_url": self.avatar(), "name": self.name})
    }
}

/// The rest of the synthetic helpdesk.
#[derive(Debug)]
pub(crate) struct Extras {
    pub(crate) agents: Vec<Agent>,
    /// Each agent's schedule, as `get_agent_schedules` answers it, in agent order.
    pub(crate) schedules: Vec<Value>,
    pub(crate) skills: Vec<Value>,
    pub(crate) rules: Vec<Value>,
    /// Every category, flat (each with its `parent_id`, "0" for a root).
    pub(crate) categories: Vec<Value>,
    pub(crate) faqs: Vec<Value>,
    /// The status of each synthetic FAQ, by id (an FAQ not listed here is online).
    pub(crate) faq_status: HashMap<String, &'static str>,
    pub(crate) ticket_fields: Vec<Value>,
}

impl Extras {
    /// The rest of the helpdesk of `seed`.
    pub(crate) fn generate(seed: u64) -> Extras {
        let mut rng = SplitMix64::new(seed ^ 0x4b42_4b42_4b42_4b42);
        let mut agents: Vec<Agent> = AGENTS
            .iter()
            .enumerate()
            .map(|(i, (id, name))| Agent {
                id: (*id).into(),
                name: (*name).into(),
                status: [1, 1, 2, 3][i % 4],
                department: ["一线支持 Tier 1", "二线支持 Tier 2"][i % 2],
            })
            .collect();
        agents.push(Agent {
            id: "ou_agent_0005".into(),
            name: "Lukas Becker".into(),
            status: 3,
            department: "二线支持 Tier 2",
        });
        agents.push(Agent {
            id: "ou_agent_0006".into(),
            name: "王磊".into(),
            status: 4,
            department: "一线支持 Tier 1",
        });

        let categories = categories();
        let rules = rules(&categories);
        let skills = skills(&agents, &rules, &categories);
        let schedules = agents
            .iter()
            .enumerate()
            .map(|(i, agent)| schedule(i, agent, &skills))
            .collect();
        let (faqs, faq_status) = faqs(&mut rng, &agents, &categories);
        let ticket_fields = ticket_fields(&agents);
        Extras {
            agents,
            schedules,
            skills,
            rules,
            categories,
            faqs,
            faq_status,
            ticket_fields,
        }
    }

    /// Adds the synthetic items to the `x-resource` collections (after the documented
    /// ones, which stay so that the documentation's requests find what they name).
    pub(crate) fn seed_into(&self, resources: &mut Resources) {
        for ((name, id_field), items) in [
            (CATEGORIES, &self.categories),
            (FAQS, &self.faqs),
            (AGENT_SKILLS, &self.skills),
            (TICKET_FIELDS, &self.ticket_fields),
        ] {
            for item in items {
                resources.add(name, id_field, item.clone());
            }
        }
    }

    /// The synthetic agent of `id`.
    pub(crate) fn agent(&self, id: &str) -> Option<usize> {
        self.agents.iter().position(|a| a.id == id)
    }

    /// Whether `faq_id` is an FAQ of the synthetic knowledge base.
    pub(crate) fn is_faq(&self, faq_id: &str) -> bool {
        self.faq_status.contains_key(faq_id)
    }
}

/// The image keys of an FAQ's rich-text answer, in order.
pub(crate) fn faq_image_keys(faq: &Value) -> Vec<&str> {
    faq["answer_richtext"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|item| item["type"] == "img")
        .filter_map(|item| item["key"].as_str())
        .collect()
}

fn category(id: u64, name: &str, parent: u64, language: &str) -> Value {
    json!({
        "category_id": id.to_string(),
        "id": id.to_string(),
        "name": name,
        "parent_id": parent.to_string(),
        "helpdesk_id": HELPDESK_ID,
        "language": language,
    })
}

/// Four roots, each with two or three children, one child with a child of its own.
fn categories() -> Vec<Value> {
    const ROOT: u64 = 7_300_000_000_000_000_000;
    let tree: [(&str, &str, &[&str]); 4] = [
        ("账号与登录", "zh_cn", &["密码重置", "单点登录 SSO"]),
        (
            "Billing",
            "en_us",
            &["Invoices", "Refunds", "Payment methods"],
        ),
        ("产品使用", "zh_cn", &["导出数据", "移动端"]),
        (
            "製品の使い方",
            "ja_jp",
            &["はじめに", "トラブルシューティング"],
        ),
    ];
    let mut out = Vec::new();
    for (r, (name, language, children)) in tree.iter().enumerate() {
        let root = ROOT + 100 * (r as u64 + 1);
        out.push(category(root, name, 0, language));
        for (c, child) in children.iter().enumerate() {
            let id = root + c as u64 + 1;
            out.push(category(id, child, root, language));
            if r == 0 && c == 0 {
                out.push(category(id + 50, "短信验证码 SMS codes", id, language));
            }
        }
    }
    out
}

/// The rules skills are made of (`list_agent_skill_rules`): language, department and
/// the three FAQ category rules, each operand a selection of the helpdesk's own.
fn rules(categories: &[Value]) -> Vec<Value> {
    let roots = |language: &str| -> Vec<Value> {
        categories
            .iter()
            .filter(|c| c["parent_id"] == "0" && c["language"] == language)
            .map(|c| json!({"id": c["category_id"], "name": c["name"]}))
            .collect()
    };
    vec![
        json!({"id": "10", "operator_options": [7, 8], "category": 3, "display_name": "语言 Language",
            "operand": {"selected_languages": [{"id": "zh_cn", "name": "中文"}, {"id": "en_us", "name": "English"}, {"id": "ja_jp", "name": "日本語"}]}}),
        json!({"id": "12", "operator_options": [7, 8], "category": 3, "display_name": "部门 Department",
            "operand": {"selected_departments": [{"id": "od_finance", "name": "Finance"}, {"id": "od_it", "name": "IT"}]}}),
        json!({"id": "14", "operator_options": [7, 8], "category": 1, "display_name": "中文知识库分类",
            "operand": {"selected_categories": roots("zh_cn")}}),
        json!({"id": "15", "operator_options": [7, 8], "category": 1, "display_name": "English FAQ category",
            "operand": {"selected_categories": roots("en_us")}}),
        json!({"id": "16", "operator_options": [7, 8], "category": 1, "display_name": "日本語FAQカテゴリ",
            "operand": {"selected_categories": roots("ja_jp")}}),
    ]
}

/// Three skills: the default one (every agent), English support and billing.
fn skills(agents: &[Agent], rules: &[Value], categories: &[Value]) -> Vec<Value> {
    let rule = |id: &str, selected: Value| {
        let mut rule = rules
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap_or_else(|| json!({"id": id}));
        rule["selected_operator"] = json!(8);
        rule["operand"] = selected;
        rule
    };
    let billing = categories
        .iter()
        .find(|c| c["name"] == "Billing")
        .map(|c| json!({"id": c["category_id"], "name": c["name"]}))
        .unwrap_or(Value::Null);
    let skill = |id: &str, name: &str, rules: Vec<Value>, members: &[usize], default: bool| {
        let members: Vec<&Agent> = members.iter().filter_map(|i| agents.get(*i)).collect();
        json!({
            "id": id,
            "agent_skill_id": id,
            "helpdesk_id": HELPDESK_ID,
            "name": name,
            "rules": rules,
            "agent_ids": members.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            "is_default": default,
            "agents": members.iter().map(|a| a.user()).collect::<Vec<_>>(),
        })
    };
    let everyone: Vec<usize> = (0..agents.len()).collect();
    vec![
        skill(
            "7310000000000000001",
            "默认技能",
            Vec::new(),
            &everyone,
            true,
        ),
        skill(
            "7310000000000000002",
            "English support",
            vec![rule(
                "10",
                json!({"selected_languages": [{"id": "en_us", "name": "English"}]}),
            )],
            &[1, 3, 4],
            false,
        ),
        skill(
            "7310000000000000003",
            "账单 Billing",
            vec![
                rule("15", json!({"selected_categories": [billing]})),
                rule(
                    "12",
                    json!({"selected_departments": [{"id": "od_finance", "name": "Finance"}]}),
                ),
            ],
            &[0, 1],
            false,
        ),
    ]
}

/// Agent `i`'s schedule: weekdays or every day, its skills.
fn schedule(i: usize, agent: &Agent, skills: &[Value]) -> Value {
    let hours: Vec<Value> = if i.is_multiple_of(2) {
        (1..=5)
            .map(|day| json!({"start_time": "09:00", "end_time": "18:00", "weekday": day}))
            .collect()
    } else {
        vec![json!({"start_time": "00:00", "end_time": "24:00", "weekday": 9})]
    };
    let agent_skills: Vec<Value> = skills
        .iter()
        .filter(|s| {
            s["agent_ids"]
                .as_array()
                .is_some_and(|ids| ids.iter().any(|id| id == agent.id.as_str()))
        })
        .map(|s| json!({"id": s["id"], "name": s["name"], "is_default": s["is_default"]}))
        .collect();
    json!({
        "status": agent.status,
        "agent": {
            "id": agent.id,
            "avatar_url": agent.avatar(),
            "name": agent.name,
            "email": agent.email(),
            "department": agent.department,
            "company_name": "Example Corp",
        },
        "schedule": hours,
        "agent_skills": agent_skills,
    })
}

const QUESTIONS: [(&str, &str); 10] = [
    (
        "如何重置密码?",
        "在登录页点击“忘记密码”,按短信验证码提示操作。",
    ),
    (
        "收不到短信验证码怎么办?",
        "请确认手机号正确,并检查是否被拦截;5 分钟后可重试。",
    ),
    (
        "How do I get an invoice?",
        "Invoices are issued monthly under Billing > Invoices.",
    ),
    (
        "How long does a refund take?",
        "Refunds reach your account within 5-10 business days.",
    ),
    (
        "Which payment methods are accepted?",
        "Cards, bank transfer and Alipay.",
    ),
    ("如何导出月度报表?", "在“数据”页选择月份,点击“导出”。"),
    ("手机端如何切换账号?", "在“我的”页点击头像,选择“切换账号”。"),
    (
        "パスワードを忘れました",
        "ログイン画面の「パスワードを忘れた」から再設定できます。",
    ),
    ("SSO 登录失败", "请联系管理员检查身份提供商配置 \"IdP\"。"),
    (
        "Where is the status page?",
        "See https://status.example.com for incidents.",
    ),
];

/// The FAQs: in every status, each of a category (the questions' subjects), some with
/// one or two images in their rich-text answer.
fn faqs(
    rng: &mut SplitMix64,
    agents: &[Agent],
    categories: &[Value],
) -> (Vec<Value>, HashMap<String, &'static str>) {
    const FIRST_ID: u64 = 7_320_000_000_000_000_001;
    // Each question's category: by subject, among the categories of its language.
    let subject: [&str; 10] = [
        "密码重置",
        "短信验证码 SMS codes",
        "Invoices",
        "Refunds",
        "Payment methods",
        "导出数据",
        "移动端",
        "トラブルシューティング",
        "单点登录 SSO",
        "Billing",
    ];
    let mut faqs = Vec::new();
    let mut status = HashMap::new();
    for i in 0..FAQ_COUNT {
        let id = (FIRST_ID + i as u64).to_string();
        let (question, answer) = QUESTIONS[i % QUESTIONS.len()];
        let round = i / QUESTIONS.len();
        let question = if round == 0 {
            question.to_owned()
        } else {
            format!("{question} ({})", round + 1)
        };
        let category = categories
            .iter()
            .find(|c| c["name"] == subject[i % subject.len()])
            .cloned()
            .unwrap_or(Value::Null);
        let mut richtext = vec![json!({"content": answer, "type": "text"})];
        if rng.next_u64().is_multiple_of(3) {
            for _ in 0..=(rng.next_u64() % 2) {
                let key = rng.key("img_");
                richtext.push(json!({
                    "type": "img",
                    "key": key,
                    "src": format!("https://example.com/helpdesk/faq/{id}/image/{key}"),
                }));
            }
        }
        let author = &agents[i % agents.len()];
        let editor = &agents[(i + 1) % agents.len()];
        let created = KB_EPOCH_S + (i as i64) * 86_400 + (rng.next_u64() % 3_600) as i64;
        let updated = created + (rng.next_u64() % 30) as i64 * 86_400;
        // Mostly online; every fifth deleted, every seventh deleted for good.
        let state = if i % 7 == 6 {
            FAQ_STATUSES[2]
        } else if i % 5 == 4 {
            FAQ_STATUSES[1]
        } else {
            FAQ_STATUSES[0]
        };
        status.insert(id.clone(), state);
        faqs.push(json!({
            "faq_id": id,
            "id": id,
            "helpdesk_id": HELPDESK_ID,
            "question": question,
            "answer": answer,
            "answer_richtext": richtext,
            "create_time": created,
            "update_time": updated,
            "categories": [category],
            "tags": [question.chars().take(4).collect::<String>()],
            "expire_time": updated + 365 * 86_400,
            "update_user": editor.user(),
            "create_user": author.user(),
        }));
    }
    (faqs, status)
}

/// The ticket custom fields: the one the tickets carry, a dropdown and a multi-line
/// text.
fn ticket_fields(agents: &[Agent]) -> Vec<Value> {
    let admin = &agents[0];
    let by = json!({"id": admin.id, "avatar_url": admin.avatar(), "name": admin.name, "email": admin.email()});
    let field = |id: &str, key: &str, name: &str, position: &str, kind: &str, description: &str| {
        json!({
            "ticket_customized_field_id": id,
            "helpdesk_id": HELPDESK_ID,
            "key_name": key,
            "display_name": name,
            "position": position,
            "field_type": kind,
            "description": description,
            "visible": true,
            "editable": true,
            "required": false,
            "created_at": (KB_EPOCH_S * 1_000).to_string(),
            "updated_at": (KB_EPOCH_S * 1_000).to_string(),
            "created_by": by,
            "updated_by": by,
        })
    };
    let (id, key, name) = ORDER_FIELD;
    let mut product = field(
        "cf_2",
        "product",
        "产品 Product",
        "2",
        "dropdown",
        "The product the ticket is about",
    );
    product["dropdown_options"] = json!({"children": [
        {"tag": "p-web", "display_name": "Web"},
        {"tag": "p-mobile", "display_name": "移动端 Mobile", "children": [
            {"tag": "p-ios", "display_name": "iOS"},
            {"tag": "p-android", "display_name": "Android"},
        ]},
    ]});
    product["dropdown_allow_multiple"] = json!(false);
    let mut notes = field(
        "cf_3",
        "internal_notes",
        "内部备注 Internal notes",
        "3",
        "multiline",
        "Seen by agents only",
    );
    notes["visible"] = json!(false);
    vec![
        field(
            id,
            key,
            name,
            "1",
            "string",
            "订单号 The customer's order number",
        ),
        product,
        notes,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_of_the_helpdesk_is_consistent() {
        let extras = Extras::generate(7);
        let ids: Vec<&str> = extras
            .categories
            .iter()
            .map(|c| c["category_id"].as_str().unwrap())
            .collect();
        for c in &extras.categories {
            let parent = c["parent_id"].as_str().unwrap();
            assert!(parent == "0" || ids.contains(&parent), "{c}");
        }
        for faq in &extras.faqs {
            let category = faq["categories"][0]["category_id"].as_str().unwrap();
            assert!(ids.contains(&category), "{faq}");
        }
        for status in FAQ_STATUSES {
            assert!(extras.faq_status.values().any(|s| *s == status));
        }
        assert!(extras.faqs.iter().any(|f| !faq_image_keys(f).is_empty()));
        for (id, _) in AGENTS {
            assert!(extras.agent(id).is_some());
        }
        for skill in &extras.skills {
            for rule in skill["rules"].as_array().unwrap() {
                assert!(extras.rules.iter().any(|r| r["id"] == rule["id"]));
            }
        }
        assert_eq!(
            extras.ticket_fields[0]["ticket_customized_field_id"],
            ORDER_FIELD.0
        );
        let again = Extras::generate(7);
        assert_eq!(again.faqs, extras.faqs);
    }
}
