// @generated from openapi/helpdesk.yaml by `cargo xtask regen`; do not edit.
//
// Change the spec (or the generator settings in xtask/src/regen.rs) and run
// `cargo xtask regen` instead. CI runs `cargo xtask regen --check`.

#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    ///An agent having a skill.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Agent {
        ///URL of the agent's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        ///Company name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub company_name: ::std::option::Option<::std::string::String>,
        ///Department.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub department: ::std::option::Option<::std::string::String>,
        ///Email address.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        ///The agent's user ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The agents' email addresses: an object mapping each agent's open id to its address in the page's example, a string in the four SDKs' types. Both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum AgentEmails {
        Object(
            ::std::collections::HashMap<::std::string::String, ::std::string::String>,
        ),
        String(::std::string::String),
    }
    impl ::std::convert::From<
        ::std::collections::HashMap<::std::string::String, ::std::string::String>,
    > for AgentEmails {
        fn from(
            value: ::std::collections::HashMap<
                ::std::string::String,
                ::std::string::String,
            >,
        ) -> Self {
            Self::Object(value)
        }
    }
    ///The agents' email addresses.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentEmailsData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agents: ::std::option::Option<AgentEmails>,
    }
    ///The envelope of the agents' email addresses.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AgentEmailsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<AgentEmailsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///An agent's status, weekly schedule and skills.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSchedule {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent: ::std::option::Option<AgentUser>,
        ///The agent's skills.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skills: ::std::option::Option<::std::vec::Vec<AgentSkillLessInfo>>,
        ///The weekly schedule.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub schedule: ::std::option::Option<::std::vec::Vec<WeekdaySchedule>>,
        ///1 online, 2 offline (set by hand), 3 off duty (outside its service hours).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
    }
    ///An agent's schedule.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentScheduleData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_schedule: ::std::option::Option<AgentSchedule>,
    }
    ///The envelope of an agent's schedule.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AgentScheduleResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<AgentScheduleData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A schedule to set for an agent.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentScheduleUpdateInfo {
        ///The agent's ID (its open id; a ticket's `guest.id` when the agent opened a ticket as a user). In the SDKs' type; the patch's page does not document it (the path names the agent there).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_id: ::std::option::Option<::std::string::String>,
        ///The IDs of the agent's skills.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skill_ids: ::std::option::Option<
            ::std::vec::Vec<::std::string::String>,
        >,
        ///The weekly schedule.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub schedule: ::std::option::Option<::std::vec::Vec<WeekdaySchedule>>,
    }
    ///The agents' schedules.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSchedulesData {
        ///One schedule per agent.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_schedules: ::std::option::Option<::std::vec::Vec<AgentSchedule>>,
    }
    ///The envelope of the agents' schedules.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AgentSchedulesResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<AgentSchedulesData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///An agent skill.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSkill {
        ///The IDs of the agents having the skill.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_ids: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        ///The skill's ID again (sent by newer versions; in the Node SDK only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skill_id: ::std::option::Option<::std::string::String>,
        ///The agents having the skill.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agents: ::std::option::Option<::std::vec::Vec<Agent>>,
        ///The helpdesk's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The skill's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Whether it is the default skill.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub is_default: ::std::option::Option<bool>,
        ///The skill's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///The skill's rules.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub rules: ::std::option::Option<::std::vec::Vec<AgentSkillRule>>,
    }
    ///A skill.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSkillData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skill: ::std::option::Option<AgentSkill>,
    }
    ///A skill of an agent, in short.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSkillLessInfo {
        ///The skill's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Whether it is the default skill.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub is_default: ::std::option::Option<bool>,
        ///The skill's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of a skill.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AgentSkillResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<AgentSkillData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A rule of a skill. Skills (the rule ids of `list_agent_skill_rules`) include 3 city, 9 source (0 client, 1 server), 10 language (`zh_cn`, `en_us`, `ja_jp`), 11 name or email (user id), 12 department (department id), 14, 15, 16 Chinese, English, Japanese FAQ category (category id), 17 user level.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSkillRule {
        ///The rule's kind: 1 knowledge base, 2 ticket information, 3 the user's Feishu information.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub category: ::std::option::Option<i32>,
        ///The rule's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///The rule's ID, from `list_agent_skill_rules`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub operand: ::std::option::Option<AgentSkillRuleOperand>,
        ///The operators the rule accepts (values as for `selected_operator`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub operator_options: ::std::option::Option<::std::vec::Vec<i32>>,
        ///The operator: 2 greater or equal, 3 less or equal, 5 is any of (typed text), 6 is none of (typed text), 7 none of (a selection), 8 any of (a selection).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub selected_operator: ::std::option::Option<i32>,
    }
    ///The rule's value: typed as a string by the SDKs and the pages' tables, sent and answered as a JSON object in the pages' examples (e.g. `{"selected_departments": [{"id": "...", "name": "IT"}]}`; the rule list page calls it generic). Both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum AgentSkillRuleOperand {
        Object(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        String(::std::string::String),
    }
    impl ::std::convert::From<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    > for AgentSkillRuleOperand {
        fn from(
            value: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        ) -> Self {
            Self::Object(value)
        }
    }
    ///The skill rules.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSkillRulesData {
        ///The rules a skill can use.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub rules: ::std::option::Option<::std::vec::Vec<AgentSkillRule>>,
    }
    ///The envelope of the skill rules.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AgentSkillRulesResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<AgentSkillRulesData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The skills.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentSkillsData {
        ///Every skill of the helpdesk.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skills: ::std::option::Option<::std::vec::Vec<AgentSkill>>,
    }
    ///The envelope of the skills.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AgentSkillsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<AgentSkillsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///An agent, as a user.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct AgentUser {
        ///URL of the agent's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        ///Company name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub company_name: ::std::option::Option<::std::string::String>,
        ///Department.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub department: ::std::option::Option<::std::string::String>,
        ///Email address.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        ///The agent's ID (open id).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The answer to a user's question.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct AnswerUserQueryRequest {
        ///The ID of the `helpdesk.ticket_message.created_v1` event of the question.
        pub event_id: ::std::string::String,
        ///The matching FAQs.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub faqs: ::std::option::Option<::std::vec::Vec<UserQueryFaqInfo>>,
    }
    ///The cancellation.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CancelSendNotificationRequest {
        ///Whether to recall the messages already sent (new-hire pushes too).
        pub is_recall: bool,
    }
    ///The categories.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CategoriesData {
        ///The top-level categories, each with its sub-categories.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub categories: ::std::option::Option<::std::vec::Vec<Category>>,
    }
    ///The envelope of the categories.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CategoriesResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<CategoriesData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A category of the knowledge base.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Category {
        ///The category's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub category_id: ::std::option::Option<::std::string::String>,
        ///The sub-categories (answered by `list_categories`; documented by its page only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<Category>>,
        ///The helpdesk's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The category's ID, legacy form (use `category_id`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Language, e.g. `zh_cn`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub language: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///The parent category's ID, "0" at the top level.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub parent_id: ::std::option::Option<::std::string::String>,
    }
    ///A category.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CategoryData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub category: ::std::option::Option<Category>,
    }
    ///The envelope of a category; `data` is the category itself.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CategoryResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<Category>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The schedules to create, one per agent.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CreateAgentSchedulesRequest {
        ///The new schedules.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_schedules: ::std::option::Option<
            ::std::vec::Vec<AgentScheduleUpdateInfo>,
        >,
    }
    ///The new skill.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CreateAgentSkillData {
        ///The new skill's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skill_id: ::std::option::Option<::std::string::String>,
    }
    ///A new skill.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CreateAgentSkillRequest {
        ///The IDs of the agents to give the skill to.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_ids: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        ///The skill's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///The skill's rules (`id`, `selected_operator`, `operand`, `category`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub rules: ::std::option::Option<::std::vec::Vec<AgentSkillRule>>,
    }
    ///The envelope of a new skill's id.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateAgentSkillResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<CreateAgentSkillData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A message of the helpdesk bot.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateBotMessageRequest {
        ///The message content, a JSON object serialised into a string, as for the messenger's messages of that type.
        pub content: ::std::string::String,
        ///`text`, `post` (rich text), `image` or `interactive` (a card).
        pub msg_type: ::std::string::String,
        ///`chat` the user's dedicated helpdesk chat (the default; fails while the user has a ticket in progress), `user` a private chat with the helpdesk bot.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub receive_type: ::std::option::Option<::std::string::String>,
        ///The user to send to, of the kind `user_id_type` names.
        pub receiver_id: ::std::string::String,
    }
    ///A new category.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateCategoryRequest {
        ///Language, e.g. `zh_cn`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub language: ::std::option::Option<::std::string::String>,
        ///Name.
        pub name: ::std::string::String,
        ///The parent category's ID, "0" for the top level.
        pub parent_id: ::std::string::String,
    }
    ///The envelope of a new category.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateCategoryResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<CategoryData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A new FAQ.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CreateFaqRequest {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub faq: ::std::option::Option<FaqCreateInfo>,
    }
    ///The new notification.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CreateNotificationData {
        ///The new notification's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub notification_id: ::std::option::Option<::std::string::String>,
        ///Its state (a draft).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
    }
    ///The envelope of a new notification.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateNotificationResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<CreateNotificationData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A new ticket custom field.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateTicketCustomizedFieldRequest {
        ///Its description.
        pub description: ::std::string::String,
        ///The field's label.
        pub display_name: ::std::string::String,
        ///Whether several options may be chosen (dropdowns only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dropdown_allow_multiple: ::std::option::Option<bool>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dropdown_options: ::std::option::Option<DropdownOption>,
        ///Whether it is editable (in the Node SDK only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub editable: ::std::option::Option<bool>,
        ///`string` single line, `multiline` several lines, `dropdown`, `dropdown_nested` cascading dropdown.
        pub field_type: ::std::string::String,
        ///The helpdesk's ID; must match the helpdesk credential's, may be left out.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The field's key.
        pub key_name: ::std::string::String,
        ///Its position in the administration list (a string).
        pub position: ::std::string::String,
        ///Whether it is required.
        pub required: bool,
        ///Whether it is visible.
        pub visible: bool,
    }
    ///A message to send in a ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CreateTicketMessageRequest {
        pub content: TicketMessageContent,
        ///`text` plain text or `post` rich text.
        pub msg_type: ::std::string::String,
    }
    ///A custom field of a ticket, as displayed.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CustomizedFieldDisplayItem {
        ///Its label.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///Whether it is editable.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub editable: ::std::option::Option<bool>,
        ///Field ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Its key.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key_name: ::std::option::Option<::std::string::String>,
        ///Its position.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub position: ::std::option::Option<i64>,
        ///Whether it is required.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub required: ::std::option::Option<bool>,
        ///Its value.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub value: ::std::option::Option<::std::string::String>,
    }
    ///The helpdesk's custom fields.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct CustomizedFieldsData {
        ///The custom fields of tickets.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_customized_fields: ::std::option::Option<
            ::std::vec::Vec<TicketCustomizedField>,
        >,
        ///The custom fields of users.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_customized_fields: ::std::option::Option<
            ::std::vec::Vec<UserCustomizedField>,
        >,
    }
    ///The envelope of the helpdesk's custom fields.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct CustomizedFieldsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<CustomizedFieldsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The options of a dropdown field (documented by the pages only; no SDK has it).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct DropdownOption {
        ///The options.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<DropdownOptionItem>>,
    }
    ///An option of a dropdown field; `tag` and `display_name` are required when sent. Cascading dropdowns nest up to three levels.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct DropdownOptionItem {
        ///The option's sub-options (cascading dropdowns only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<DropdownOptionItem>>,
        ///The option's label.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///The option's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tag: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of an operation whose `data` is empty (or absent).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct EmptyResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        ///Empty on success (`{}`); any content is kept.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<
            ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A body encrypted with the app's Encrypt Key: base64 (standard, padded) of a 16-byte IV followed by the AES-256-CBC ciphertext (PKCS#7 padding) of the JSON, the key being the SHA-256 of the Encrypt Key.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct EncryptedEvent {
        ///The encrypted body.
        pub encrypt: ::std::string::String,
    }
    ///Troubleshooting details some error answers carry.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct ErrorDetail {
        ///The log id of the request.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub log_id: ::std::option::Option<::std::string::String>,
        ///A link to the platform's troubleshooting page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub troubleshooter: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of a failed call.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct ErrorResponse {
        ///Error code of the platform.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///What the app answers (HTTP 200 within three seconds, else the platform pushes the event again 15 s, 5 min, 1 h and 6 h later); the body is not read.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct EventAnswer {
        ///The challenge, in the answer to a URL verification.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub challenge: ::std::option::Option<::std::string::String>,
        ///"success".
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The header of a schema 2.0 event.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct EventHeader {
        ///The app's id (`cli_...`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub app_id: ::std::option::Option<::std::string::String>,
        ///When the event was sent, as a string of digits: milliseconds in the helpdesk examples, microseconds in one example of the overview page; the unit is not stated, so it is kept as sent.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub create_time: ::std::option::Option<::std::string::String>,
        ///The event's id, the same in every delivery of it (the platform pushes an event again for about seven hours until it is acknowledged): the key duplicates are removed by.
        pub event_id: ::std::string::String,
        ///The event's type, e.g. `helpdesk.ticket.created_v1`.
        pub event_type: ::std::string::String,
        ///The tenant's key.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tenant_key: ::std::option::Option<::std::string::String>,
        ///The app's Verification Token.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub token: ::std::option::Option<::std::string::String>,
    }
    ///A user's ids.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct EventUserId {
        ///Open ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub open_id: ::std::option::Option<::std::string::String>,
        ///Union ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub union_id: ::std::option::Option<::std::string::String>,
        ///User ID (with the `contact:user.employee_id:readonly` scope).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_id: ::std::option::Option<::std::string::String>,
    }
    ///The events to subscribe to or unsubscribe from.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct EventsRequest {
        ///The events.
        pub events: ::std::vec::Vec<HelpdeskEvent>,
    }
    ///When to send.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct ExecuteSendNotificationRequest {
        ///When the sending starts, Unix milliseconds as a string.
        pub send_at: ::std::string::String,
    }
    ///An FAQ of the knowledge base. Times are Unix seconds as far as the pages' examples show (the unit is not stated).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Faq {
        ///The answer, plain text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer: ::std::option::Option<::std::string::String>,
        ///The answer, rich text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer_richtext: ::std::option::Option<::std::vec::Vec<Richtext>>,
        ///The FAQ's categories.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub categories: ::std::option::Option<::std::vec::Vec<Category>>,
        ///Creation time (Unix seconds, per the examples).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub create_time: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub create_user: ::std::option::Option<TicketUser>,
        ///Expiry time (Unix seconds, per the examples).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub expire_time: ::std::option::Option<i64>,
        ///The FAQ's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub faq_id: ::std::option::Option<::std::string::String>,
        ///The helpdesk's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The FAQ's ID, legacy form (use `faq_id`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///The question.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub question: ::std::option::Option<::std::string::String>,
        ///Similar questions.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        ///Last update (Unix seconds, per the examples).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub update_time: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub update_user: ::std::option::Option<TicketUser>,
    }
    ///A new FAQ. Either `answer` or `answer_richtext` must be given.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct FaqCreateInfo {
        ///The answer, plain text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer: ::std::option::Option<::std::string::String>,
        ///The answer, rich text: a JSON array of rich-text items (see `Richtext`) serialised into a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer_richtext: ::std::option::Option<::std::string::String>,
        ///The category's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub category_id: ::std::option::Option<::std::string::String>,
        ///The question.
        pub question: ::std::string::String,
        ///Similar questions.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    }
    ///An FAQ.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct FaqData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub faq: ::std::option::Option<Faq>,
    }
    ///The envelope of an FAQ.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct FaqResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<FaqData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A rich-text answer to set: an array of items per the page and the Java, Python and Node SDKs, the same array serialised into a string per the Go SDK. Both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum FaqRichtextInput {
        Array(::std::vec::Vec<Richtext>),
        String(::std::string::String),
    }
    impl ::std::convert::From<::std::vec::Vec<Richtext>> for FaqRichtextInput {
        fn from(value: ::std::vec::Vec<Richtext>) -> Self {
            Self::Array(value)
        }
    }
    ///An FAQ's new content. Either `answer` or `answer_richtext` must be given.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct FaqUpdateInfo {
        ///The answer, plain text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer_richtext: ::std::option::Option<FaqRichtextInput>,
        ///The category's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub category_id: ::std::option::Option<::std::string::String>,
        ///The question.
        pub question: ::std::string::String,
        ///Similar questions.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    }
    ///A page of FAQs.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct FaqsData {
        ///Whether more pages follow.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub has_more: ::std::option::Option<bool>,
        ///The FAQs on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub items: ::std::option::Option<::std::vec::Vec<Faq>>,
        ///The number of FAQs on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub page_size: ::std::option::Option<i64>,
        ///The next page's token (only while `has_more` is true).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub page_token: ::std::option::Option<::std::string::String>,
        ///The number of FAQs the query selects.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub total: ::std::option::Option<i64>,
    }
    ///The envelope of a page of FAQs.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct FaqsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<FaqsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A kind of helpdesk event.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct HelpdeskEvent {
        ///The event's subtype, e.g. `ticket_message.created_v1`.
        pub subtype: ::std::string::String,
        ///The event's type, e.g. `helpdesk.ticket_message`.
        #[serde(rename = "type")]
        pub type_: ::std::string::String,
    }
    ///A text in several languages.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct I18n {
        ///English.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub en_us: ::std::option::Option<::std::string::String>,
        ///Japanese.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ja_jp: ::std::option::Option<::std::string::String>,
        ///Chinese.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub zh_cn: ::std::option::Option<::std::string::String>,
    }
    ///The filter of the ticket custom field listing.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct ListTicketCustomizedFieldsRequest {
        ///Only visible (true) or invisible (false) fields; all when absent.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub visible: ::std::option::Option<bool>,
    }
    ///The message sent.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct MessageIdData {
        ///The chat message's ID, `om_...`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message_id: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of a message sent.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct MessageIdResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<MessageIdData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A notification of the push center, as sent to create or update one and as answered. To create one, `job_name`, `push_content`, `push_type` and `push_scope_type` are needed (the page's descriptions call them required, its table optional). Times are Unix milliseconds, as strings.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Notification {
        ///The group chats it goes to.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub chat_list: ::std::option::Option<::std::vec::Vec<NotificationChat>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub create_user: ::std::option::Option<NotificationUser>,
        ///Creation time, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<::std::string::String>,
        ///The departments it goes to.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub department_list: ::std::option::Option<
            ::std::vec::Vec<NotificationDepartment>,
        >,
        ///Reserved.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ext: ::std::option::Option<::std::string::String>,
        ///The notification's ID (answered; ignored when sent).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///The task's name (needed to create).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub job_name: ::std::option::Option<::std::string::String>,
        ///The departments of the new hires a new-hire push goes to.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub new_staff_scope_department_list: ::std::option::Option<
            ::std::vec::Vec<NotificationDepartment>,
        >,
        ///For new-hire pushes (`push_type` 1): 0 every new hire, 1 those of some departments (`new_staff_scope_department_list` required).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub new_staff_scope_type: ::std::option::Option<i32>,
        ///The content, a message card's JSON serialised into a string (needed to create).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub push_content: ::std::option::Option<::std::string::String>,
        ///Who receives it from the helpdesk bot: 0 the whole organisation (user and department lists empty), 1 nobody (user and department lists empty, `chat_list` required), 2 some members (`user_list` or `department_list` not empty), 3 new hires. `chat_list` is independent of it except for 1. Needed to create.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub push_scope_type: ::std::option::Option<i32>,
        ///0 scheduled push (`push_scope_type` must not be 3), 1 new-hire push (`push_scope_type` must be 1 or 3 and `new_staff_scope_type` set). Needed to create.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub push_type: ::std::option::Option<i32>,
        ///Number of users who read it.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub read_user_count: ::std::option::Option<i64>,
        ///When the sending starts, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub send_at: ::std::option::Option<::std::string::String>,
        ///Number of users it was sent to.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub sent_user_count: ::std::option::Option<i64>,
        ///The notification's state (answered; ignored when sent).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
        ///Number of users the notification targets.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub target_user_count: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub update_user: ::std::option::Option<NotificationUser>,
        ///Last update, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<::std::string::String>,
        ///The members it goes to.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_list: ::std::option::Option<::std::vec::Vec<NotificationUser>>,
    }
    ///The `event` of `helpdesk.notification.approve_v1`.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct NotificationApproveEvent {
        ///REJECTED, APPROVED, CANCELED or DELETED.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub approve_status: ::std::option::Option<::std::string::String>,
        ///The helpdesk's id.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The notification's id.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub notification_id: ::std::option::Option<::std::string::String>,
    }
    ///`helpdesk.notification.approve_v1` as the platform pushes it, in the schema 2.0 form: `schema` "2.0", the `header` and the event's own fields in `event`. Unknown properties are kept by the SDK (it hands on the JSON as sent beside the typed view).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct NotificationApproveV1 {
        pub event: NotificationApproveEvent,
        pub header: EventHeader,
        ///"2.0".
        pub schema: ::std::string::String,
    }
    ///A group chat a notification goes to.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct NotificationChat {
        ///The chat's ID, `oc_...`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub chat_id: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///A notification and its approval.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct NotificationData {
        ///The link to the notification's approval.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub approval_app_link: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub notification: ::std::option::Option<Notification>,
    }
    ///A department a notification goes to.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct NotificationDepartment {
        ///The department's ID, `od_...`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub department_id: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of a notification.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct NotificationResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<NotificationData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A user of a notification (creator, updater or recipient).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct NotificationUser {
        ///URL of the user's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///The user's ID, of the kind `user_id_type` names.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_id: ::std::option::Option<::std::string::String>,
    }
    ///The agent's new status.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct PatchAgentRequest {
        ///1 online, 2 offline.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
    }
    ///An agent's new schedule.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct PatchAgentSchedulesRequest {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_schedule: ::std::option::Option<AgentScheduleUpdateInfo>,
    }
    ///A skill's changes.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct PatchAgentSkillRequest {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_skill: ::std::option::Option<AgentSkill>,
    }
    ///A category's changes.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct PatchCategoryRequest {
        ///New name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
        ///New parent category's ID, "0" for the top level.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub parent_id: ::std::option::Option<::std::string::String>,
    }
    ///An FAQ's changes.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct PatchFaqRequest {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub faq: ::std::option::Option<FaqUpdateInfo>,
    }
    ///A ticket custom field's changes.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct PatchTicketCustomizedFieldRequest {
        ///New description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub description: ::std::option::Option<::std::string::String>,
        ///New label.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dropdown_options: ::std::option::Option<DropdownOption>,
        ///New position in the administration list (a string).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub position: ::std::option::Option<::std::string::String>,
        ///Whether it is required.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub required: ::std::option::Option<bool>,
        ///Whether it is visible.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub visible: ::std::option::Option<bool>,
    }
    ///An item of a rich-text answer. The SDKs model `content` and `type`; the rich-text page also describes `text` and `url` for hyperlinks and `src`, `key`, `width` and `height` for images (the sizes' type is not documented, so they are left to the unknown properties).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Richtext {
        ///The text (an empty text is a line break).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<::std::string::String>,
        ///An image's key (name).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key: ::std::option::Option<::std::string::String>,
        ///An image's source URL.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub src: ::std::option::Option<::std::string::String>,
        ///A hyperlink's text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub text: ::std::option::Option<::std::string::String>,
        ///`text`, `hyperlink`, `img` or `line break`.
        #[serde(rename = "type", skip_serializing_if = "::std::option::Option::is_none")]
        pub type_: ::std::option::Option<::std::string::String>,
        ///A hyperlink's target.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub url: ::std::option::Option<::std::string::String>,
    }
    ///The conversation started.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct StartServiceData {
        ///The service chat's open chat ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub chat_id: ::std::option::Option<::std::string::String>,
        ///The ticket created, for a human ticket only (documented by the page and the Node SDK only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_id: ::std::option::Option<::std::string::String>,
    }
    ///The conversation to start.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct StartServiceRequest {
        ///The open ids of the agents to serve the user (needs `human_service` true).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub appointed_agents: ::std::option::Option<
            ::std::vec::Vec<::std::string::String>,
        >,
        ///Custom information on the ticket's origin, at most 1024 characters (not declared as `maxLength`, which would change the generated type). The page says `get_ticket` returns it, but no source shows such a field of a ticket.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub customized_info: ::std::option::Option<::std::string::String>,
        ///Go straight to a human agent (required when `appointed_agents` is set).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub human_service: ::std::option::Option<bool>,
        ///The user's open id.
        pub open_id: ::std::string::String,
    }
    ///The envelope of a conversation started.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct StartServiceResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<StartServiceData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The outcome of a submission for approval.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct SubmitApproveNotificationData {
        ///Whether the user can create or manage approvals: false when the helpdesk mini-app is not installed, or too old.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub has_access: ::std::option::Option<bool>,
    }
    ///The submission for approval.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct SubmitApproveNotificationRequest {
        ///Why the notification should be approved.
        pub reason: ::std::string::String,
    }
    ///The envelope of a submission for approval.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct SubmitApproveNotificationResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<SubmitApproveNotificationData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The credentials of a self-built app.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TenantAccessTokenRequest {
        ///App ID.
        pub app_id: ::std::string::String,
        ///App secret.
        pub app_secret: ::std::string::String,
    }
    ///A tenant access token and its validity.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TenantAccessTokenResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        ///Remaining validity in seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub expire: ::std::option::Option<i64>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
        ///The token, `t-...`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tenant_access_token: ::std::option::Option<::std::string::String>,
    }
    ///A helpdesk ticket. Every field but `ticket_id`, `status` and `created_at` may be absent, and any may be null. Times are Unix milliseconds (`updated_at` is -1 when the ticket was never updated); durations are seconds, except `agent_service_duration` (minutes).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct Ticket {
        ///Actual processing time, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub actual_processing_time: ::std::option::Option<i64>,
        ///When an agent joined, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_entry_time: ::std::option::Option<i64>,
        ///Time to the agent's first answer, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_first_response_duration: ::std::option::Option<i64>,
        ///When an agent first answered, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_first_response_time: ::std::option::Option<i64>,
        ///When an agent last answered, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_last_response_time: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_owner: ::std::option::Option<TicketUser>,
        ///Time to resolution by an agent, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_resolution_time: ::std::option::Option<i64>,
        ///Agent service time, minutes.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agent_service_duration: ::std::option::Option<f64>,
        ///The agents of the ticket.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agents: ::std::option::Option<::std::vec::Vec<TicketUser>>,
        ///Bot service time, seconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub bot_service_duration: ::std::option::Option<i64>,
        ///9 Open API, 2 QR code, 14 share, 13 search; other values: other channels.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub channel: ::std::option::Option<i32>,
        ///Closing time, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub closed_at: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub closed_by: ::std::option::Option<TicketUser>,
        ///The collaborators of the ticket.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub collaborators: ::std::option::Option<::std::vec::Vec<TicketUser>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub comments: ::std::option::Option<TicketComments>,
        ///Creation time, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<i64>,
        ///The ticket's custom fields (absent when there are none).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub customized_fields: ::std::option::Option<
            ::std::vec::Vec<CustomizedFieldDisplayItem>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dissatisfaction_reason: ::std::option::Option<I18n>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub guest: ::std::option::Option<TicketUser>,
        ///Helpdesk ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///1 dissatisfied, 2 neutral, 3 satisfied.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub score: ::std::option::Option<i32>,
        ///1 not solved, 2 solved.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub solve: ::std::option::Option<i32>,
        ///1 created, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent, 52 closed by the user.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
        ///The ticket's tags (sent by newer versions of the platform).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<TicketTag>>,
        ///Ticket ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_id: ::std::option::Option<::std::string::String>,
        ///1 bot, 2 human.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_type: ::std::option::Option<i32>,
        ///Last update, Unix milliseconds; -1 when there is none.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<i64>,
    }
    ///A comment on a ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketComment {
        ///The comment.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<::std::string::String>,
        ///Creation time, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<i64>,
        ///Comment ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<i64>,
        ///URL of the author's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_avatar_url: ::std::option::Option<::std::string::String>,
        ///Author's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_id: ::std::option::Option<i64>,
        ///Author's name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_name: ::std::option::Option<::std::string::String>,
    }
    ///The ticket's comments: one object in the Go, Java and Python SDKs' types, an array of them in the newer Node SDK's. Both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum TicketComments {
        TicketComment(TicketComment),
        Array(::std::vec::Vec<TicketComment>),
    }
    impl ::std::convert::From<TicketComment> for TicketComments {
        fn from(value: TicketComment) -> Self {
            Self::TicketComment(value)
        }
    }
    impl ::std::convert::From<::std::vec::Vec<TicketComment>> for TicketComments {
        fn from(value: ::std::vec::Vec<TicketComment>) -> Self {
            Self::Array(value)
        }
    }
    ///`helpdesk.ticket.created_v1` as the platform pushes it, in the schema 2.0 form: `schema` "2.0", the `header` and the event's own fields in `event`. Unknown properties are kept by the SDK (it hands on the JSON as sent beside the typed view).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketCreatedV1 {
        pub event: TicketEventObject,
        pub header: EventHeader,
        ///"2.0".
        pub schema: ::std::string::String,
    }
    ///A custom field of the helpdesk's tickets.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketCustomizedField {
        ///Creation time, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_by: ::std::option::Option<TicketUser>,
        ///Its description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub description: ::std::option::Option<::std::string::String>,
        ///The field's label.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///Whether several options may be chosen (dropdowns only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dropdown_allow_multiple: ::std::option::Option<bool>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub dropdown_options: ::std::option::Option<DropdownOption>,
        ///Whether it is editable.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub editable: ::std::option::Option<bool>,
        ///`string` single line, `multiline` several lines, `dropdown`, `dropdown_nested` cascading dropdown.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub field_type: ::std::option::Option<::std::string::String>,
        ///The helpdesk's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The field's key.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key_name: ::std::option::Option<::std::string::String>,
        ///Its position in the administration list (a string).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub position: ::std::option::Option<::std::string::String>,
        ///Whether it is required.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub required: ::std::option::Option<bool>,
        ///The field's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_customized_field_id: ::std::option::Option<::std::string::String>,
        ///Last update, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_by: ::std::option::Option<TicketUser>,
        ///Whether it is visible.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub visible: ::std::option::Option<bool>,
    }
    ///The envelope of a ticket custom field; `data` is the field itself.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketCustomizedFieldResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketCustomizedField>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A page of ticket custom fields.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketCustomizedFieldsData {
        ///Whether more pages follow.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub has_more: ::std::option::Option<bool>,
        ///The fields on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub items: ::std::option::Option<::std::vec::Vec<TicketCustomizedField>>,
        ///The next page's token.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub next_page_token: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of a page of ticket custom fields.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketCustomizedFieldsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketCustomizedFieldsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketData {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket: ::std::option::Option<Ticket>,
    }
    ///A ticket as ticket events carry it. Times are Unix milliseconds (`updated_at` -1 when never updated); enumerations as in `Ticket` (`stage` 1 bot, 2 human).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketEventObject {
        ///The agents (update events only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub agents: ::std::option::Option<::std::vec::Vec<TicketEventUser>>,
        ///9 Open API, 2 QR code, 14 share, 13 search; others: other channels.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub channel: ::std::option::Option<i32>,
        ///The ticket's chat (`oc_...`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub chat_id: ::std::option::Option<::std::string::String>,
        ///Closed at, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub closed_at: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub closed_by: ::std::option::Option<TicketEventUser>,
        ///The collaborators (update events only).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub collaborators: ::std::option::Option<::std::vec::Vec<TicketEventUser>>,
        ///Created at, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<i64>,
        ///The ticket's custom fields.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub customized_fields: ::std::option::Option<
            ::std::vec::Vec<CustomizedFieldDisplayItem>,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub guest: ::std::option::Option<TicketEventUser>,
        ///Helpdesk ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///1 unsatisfied, 2 neutral, 3 satisfied.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub score: ::std::option::Option<i32>,
        ///1 not solved, 2 solved.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub solve: ::std::option::Option<i32>,
        ///1 bot, 2 human.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub stage: ::std::option::Option<i32>,
        ///1 created, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent, 52 closed by the user.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
        ///Ticket ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_id: ::std::option::Option<::std::string::String>,
        ///Updated at, Unix milliseconds (-1 when never updated).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<i64>,
    }
    ///What a ticket held before an update (only the fields that changed).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketEventUpdateInfo {
        ///The stage before.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub stage: ::std::option::Option<i32>,
        ///The status before.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
        ///The update time before, Unix milliseconds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<i64>,
    }
    ///A user in a ticket event (its `id` an object of ids, unlike `TicketUser`).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketEventUser {
        ///Avatar URL.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        ///Email.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<EventUserId>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///One message of a ticket (`ticket.message`). The platform sends all eight fields (the documentation's example has each); any may be null.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessage {
        ///URL of the user's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<crate::JsonEncodedString>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<Timestamp>,
        ///Ticket message ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Chat message ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message_id: ::std::option::Option<::std::string::String>,
        ///Message type: `text` plain text, `post` rich text, `image` image, `file` file, `media` video. Open to new values.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message_type: ::std::option::Option<::std::string::String>,
        ///The user's open ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_id: ::std::option::Option<::std::string::String>,
        ///User name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_name: ::std::option::Option<::std::string::String>,
    }
    ///The message content: a JSON object serialised into a string (the SDKs' type and the page's table, as for the messenger's text and post messages) or, as in the page's example, the object itself. Both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum TicketMessageContent {
        String(::std::string::String),
        Object(::serde_json::Map<::std::string::String, ::serde_json::Value>),
    }
    impl ::std::convert::From<
        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
    > for TicketMessageContent {
        fn from(
            value: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        ) -> Self {
            Self::Object(value)
        }
    }
    ///The `event` of `helpdesk.ticket_message.created_v1`: a message added to a ticket, with the ticket (the `Ticket` model, partly filled). `event_id` here is an id of its own, not `header.event_id`.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessageCreatedEvent {
        ///The chat's id.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub chat_id: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<TicketMessageEventContent>,
        ///An id inside the event, distinct from `header.event_id`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub event_id: ::std::option::Option<::std::string::String>,
        ///The chat message's id (`om_...`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub message_id: ::std::option::Option<::std::string::String>,
        ///The message type.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg_type: ::std::option::Option<::std::string::String>,
        ///The message's position in the ticket, as a string of digits.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub position: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub sender_id: ::std::option::Option<EventUserId>,
        ///1 bot, 2 guest, 3 agent.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub sender_type: ::std::option::Option<i32>,
        ///The message's text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub text: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket: ::std::option::Option<Ticket>,
        ///The ticket message's id (as "get ticket messages" names it).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_message_id: ::std::option::Option<::std::string::String>,
    }
    ///`helpdesk.ticket_message.created_v1` as the platform pushes it, in the schema 2.0 form: `schema` "2.0", the `header` and the event's own fields in `event`. Unknown properties are kept by the SDK (it hands on the JSON as sent beside the typed view).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketMessageCreatedV1 {
        pub event: TicketMessageCreatedEvent,
        pub header: EventHeader,
        ///"2.0".
        pub schema: ::std::string::String,
    }
    ///The content of a message in a message event.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessageEventContent {
        ///The text.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub content: ::std::option::Option<::std::string::String>,
        ///The key of its image.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub image_key: ::std::option::Option<::std::string::String>,
        ///The keys of its images.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub image_keys: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        ///text, post or image.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg_type: ::std::option::Option<::std::string::String>,
    }
    ///The page (both fields are always sent, maybe null).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketMessagesData {
        ///The messages of the ticket on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub messages: ::std::option::Option<::std::vec::Vec<TicketMessage>>,
        ///Number of messages of the ticket that the query selects: within `time_start`/`time_end` when they are sent, all of them otherwise.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub total: ::std::option::Option<i64>,
    }
    ///The envelope of a page of ticket messages.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketMessagesResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketMessagesData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///The envelope of one ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///A tag of a ticket.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketTag {
        ///Tag ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Tag name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The `event` of `helpdesk.ticket.updated_v1`: the ticket after the change and what changed (a ticket handed from the bot to an agent changes `stage`, it is not a new ticket).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketUpdatedEvent {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub object: ::std::option::Option<TicketEventObject>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub old_object: ::std::option::Option<TicketEventUpdateInfo>,
    }
    ///`helpdesk.ticket.updated_v1` as the platform pushes it, in the schema 2.0 form: `schema` "2.0", the `header` and the event's own fields in `event`. Unknown properties are kept by the SDK (it hands on the JSON as sent beside the typed view).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketUpdatedV1 {
        pub event: TicketUpdatedEvent,
        pub header: EventHeader,
        ///"2.0".
        pub schema: ::std::string::String,
    }
    ///A user of a ticket (guest, agent, collaborator).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketUser {
        ///URL of the user's picture.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub avatar_url: ::std::option::Option<::std::string::String>,
        ///City.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub city: ::std::option::Option<::std::string::String>,
        ///Country or region.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub country: ::std::option::Option<::std::string::String>,
        ///Department.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub department: ::std::option::Option<::std::string::String>,
        ///Email address.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub email: ::std::option::Option<::std::string::String>,
        ///User ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///Name.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub name: ::std::option::Option<::std::string::String>,
    }
    ///The page (both fields are always sent, maybe null).
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct TicketsData {
        ///The tickets on this page.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tickets: ::std::option::Option<::std::vec::Vec<Ticket>>,
        ///Number of tickets matching the query (for one query the platform pages through at most 10,000 of them).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub total: ::std::option::Option<i64>,
    }
    ///The envelope of a page of tickets.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    pub struct TicketsResponse {
        ///Error code; anything but 0 is a failure.
        pub code: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub data: ::std::option::Option<TicketsData>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub error: ::std::option::Option<ErrorDetail>,
        ///Error description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub msg: ::std::option::Option<::std::string::String>,
    }
    ///Creation time, Unix milliseconds. Documented as an integer; some copies of the documentation show it as a numeric string, so both are accepted.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
    #[serde(untagged)]
    pub enum Timestamp {
        Int64(i64),
        String(::std::string::String),
    }
    impl ::std::fmt::Display for Timestamp {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match self {
                Self::Int64(x) => x.fmt(f),
                Self::String(x) => x.fmt(f),
            }
        }
    }
    impl ::std::convert::From<i64> for Timestamp {
        fn from(value: i64) -> Self {
            Self::Int64(value)
        }
    }
    ///A ticket's changes; at least one field must be given.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct UpdateTicketRequest {
        ///The ID of the channel the ticket came from.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub channel: ::std::option::Option<i32>,
        ///A comment to add.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub comment: ::std::option::Option<::std::string::String>,
        ///Custom field values to set (`id`, `value`, `key_name`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub customized_fields: ::std::option::Option<
            ::std::vec::Vec<CustomizedFieldDisplayItem>,
        >,
        ///1 not solved, 2 solved.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub solved: ::std::option::Option<i32>,
        ///The new status: 1 awaiting response, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent (the page's list; the Go SDK's comment reads 1 created, 2 in progress, 3 queued, 5 pending, 50 closed by the bot, 51 closed).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub status: ::std::option::Option<i32>,
        ///The new tags' names.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tag_names: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        ///The ticket's stage: 1 bot, 2 human.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub ticket_type: ::std::option::Option<i32>,
    }
    ///A custom field of the helpdesk's users.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct UserCustomizedField {
        ///Creation time, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created_at: ::std::option::Option<::std::string::String>,
        ///Its description.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub description: ::std::option::Option<::std::string::String>,
        ///The field's label.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub display_name: ::std::option::Option<::std::string::String>,
        ///Whether it is editable.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub editable: ::std::option::Option<bool>,
        ///Its type (`string`, `multiline`, `dropdown`, `dropdown_nested`).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub field_type: ::std::option::Option<::std::string::String>,
        ///The helpdesk's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub helpdesk_id: ::std::option::Option<::std::string::String>,
        ///The field's ID, legacy form.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///The field's key.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub key_name: ::std::option::Option<::std::string::String>,
        ///Its position in the list.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub position: ::std::option::Option<::std::string::String>,
        ///Whether it is required.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub required: ::std::option::Option<bool>,
        ///Last update, Unix milliseconds as a string.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub updated_at: ::std::option::Option<::std::string::String>,
        ///The field's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub user_customized_field_id: ::std::option::Option<::std::string::String>,
        ///Whether it is visible.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub visible: ::std::option::Option<bool>,
    }
    ///An FAQ matching a user's question.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct UserQueryFaqInfo {
        ///The FAQ's ID.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id: ::std::option::Option<::std::string::String>,
        ///How well it matches.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub score: ::std::option::Option<f64>,
    }
    ///The hours of one day (or a set of days) during which an agent serves.
    #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
    pub struct WeekdaySchedule {
        ///End, `HH:MM` (the examples use `24:00` for the end of the day).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub end_time: ::std::option::Option<::std::string::String>,
        ///Start, `HH:MM` from 00:00 to 23:59.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub start_time: ::std::option::Option<::std::string::String>,
        ///The day: 1 Monday to 7 Sunday, 9 every day, 10 weekdays, 11 weekend.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub weekday: ::std::option::Option<i32>,
    }
    /// Error types.
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
}
#[derive(Clone, Debug)]
/**Client for Feishu / Lark Helpdesk API v1

Hand-written from the official documentation pages of the Helpdesk v1 API (all 50
operations: agents, their schedules and skills, FAQ categories and FAQs, event
subscriptions, the push center's notifications, tickets, their messages and custom
fields), the helpdesk v1 resources of the four official SDKs (Go, Python, Java, Node)
and the platform's generic error and rate-limit pages. Where the sources disagree, the
operation or schema says so and, where that is cheap, accepts both forms. This file is
the single source of truth of the project: the generated client, the fake server, the
conformance harness and `lark-helpdesk check` all read it.

Facts the generic machinery reads from it:

- Security: every helpdesk operation lists one alternative per access token kind it
  accepts (`tenantAccessToken`, `userAccessToken`), the preferred one first, each
  together with `helpdeskCredential` (the `X-Lark-Helpdesk-Authorization` header,
  which every one of the 50 operations needs). The token endpoint has none.
- `x-pagination` on a listing that pages: `style: page` (page number from 1 and a page
  size; `total` in `data`) or `style: page_token` (an opaque token, that of the page
  before: a token the listing did not give is a bad request, HTTP 400 and 154000;
  `has_more` and the next token in `data`). It names the array of `data` holding a page's items
  (`items`), the field identifying an item (`item_id`), the query parameters
  (`page_param` or `token_param`, `size_param`, declared with the same `minimum: 1`,
  `maximum: size_max` and `default: size_default`) and the fields of `data`
  (`total`, `next_token`, `has_more`).
- `x-idempotent` on every operation whose method is not GET: `true` when applying the
  request twice leaves the same state as applying it once, `false` otherwise (creates,
  sends, anything that notifies someone). GETs are safe and carry none.
- `x-rate-limit` (`per_second`, `per_minute`) where the page documents a number; absent
  where it says "special frequency control" or states nothing (the description says
  which; the platform's default limits then apply).
- `x-binary: true` where the 200 answer is the raw bytes of a file
  (`application/octet-stream`, with `Content-Disposition`); errors are the JSON envelope.
- `x-resource` on the operations of a collection a fake server can keep: `name` (shared
  by its operations), `action` (create, get, list, patch, delete), `id_param` (the path
  parameter naming the item), `id_field` (the field of an item holding its id; for a
  create, where the new id goes), `body` (the request body field holding the item;
  absent: the body itself) and `data` (the field of `data` holding the item or items;
  absent: `data` is the item itself).
- Events: the callbacks of `subscribe_events` describe what the platform pushes to the
  app (to its request URL, or over its long connection), one per event type:
  `x-event-type` names it, the request body is its schema 2.0 envelope (or that
  envelope encrypted, `EncryptedEvent`), and `x-subscribe` gives the `type` and
  `subtype` that `subscribe_events` takes for it (absent: the event needs no
  subscription call).
- `x-export` on what `lark-helpdesk export` keeps: `part` names the part of an export
  (its `--only`/`--skip` name, its file and its database table); on a listing, `calls`
  gives the query of each listing made (absent: one, without parameters), `items` the
  field of `data` holding the items and `item_id` the field (a dotted path) naming one,
  where neither `x-pagination` nor `x-resource` says; `entries: [key, value]` reads an
  object of `data` as one item per entry. `of` names the listing whose items a
  download's files (or a listing's parent items) come from.
- `x-always-sent` on an object schema lists the properties the platform sends in every
  answer (their value may be null): `check` fails an answer without one. They are not
  `required`, so that a generated client still decodes an answer that lacks them.

Every JSON answer is the envelope `{code, msg, data}`; `code` 0 means success, any
other code is a failure even at HTTP 200. A request the platform has no route for (an
unknown path; a method its path does not take is taken to be one, no source saying
otherwise) is answered by its gateway, not by the service: HTTP 404, `text/plain`,
`404 page not found` (no envelope, no 405). Every error status answers the same
`ErrorResponse` schema. Every scalar or array property of a model may be null, and
unknown properties are allowed; integers are 64-bit except small enumerations.
Enumerations are described in the descriptions, not closed with `enum`, so that a new
value still decodes.

Version: 1.0.0*/
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::Attempt,
}
impl Client {
    /// Create a new client.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::Attempt) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(30u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    ///
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::Attempt,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}
impl ClientInfo<crate::Attempt> for Client {
    fn api_version() -> &'static str {
        "1.0.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::Attempt {
        &self.inner
    }
}
const _: () = {
    #[allow(dead_code)]
    fn assert_client_hooks()
    where
        Client: ClientHooks<crate::Attempt>,
    {}
};
#[allow(clippy::all)]
impl Client {
    /**List the tickets of a helpdesk

Returns one page of the tickets matching the filters. Rate limit: 1000 requests per minute and 50 per second (either one triggers 99991400). Paging reaches at most 10,000 results in all for one query (`page * page_size` past 10,000 returns nothing more); to read more, narrow the query, preferably by time. Whether `total` then reports the true count or 10,000 is not documented. The time filters are Unix milliseconds and go in pairs: a start without an end (or the reverse) is not a filter the platform documents. The response has no `has_more`: the last page is the one where `page * page_size >= total`, or a page that is short or empty.

Sends a `GET` request to `/open-apis/helpdesk/v1/tickets`

Arguments:
- `agent_id`: Only tickets of this agent (user id).
- `channel`: Channel: 9 Open API, 2 QR code, 14 share, 13 search; other values are other channels.
- `closed_by_id`: Only tickets closed by this user (user id).
- `create_time_end`: Created at or before, Unix milliseconds (with `create_time_start`).
- `create_time_start`: Created at or after, Unix milliseconds (with `create_time_end`).
- `guest_id`: Only tickets of this user (open id).
- `guest_name`: Only tickets of a user of this name.
- `page`: Page number, starting at 1.
- `page_size`: Number of tickets per page, at most 200, 20 by default.
- `score`: Satisfaction score: 1 dissatisfied, 2 neutral, 3 satisfied.
- `solved`: 1 not solved, 2 solved.
- `status_list`: Only tickets in one of these statuses (1 created, 2 in progress, 3 queued, 4 pending, 5 waiting for the user, 50 closed by the bot, 51 closed by an agent, 52 closed by the user); the key is repeated for each value.
- `tags`: Only tickets with one of these tags; the key is repeated for each value.
- `ticket_id`: Only this ticket.
- `type_`: Ticket type: 1 bot, 2 human.
- `update_time_end`: Updated at or before, Unix milliseconds (with `update_time_start`).
- `update_time_start`: Updated at or after, Unix milliseconds (with `update_time_end`).
*/
    pub async fn list_tickets<'a>(
        &'a self,
        agent_id: Option<&'a str>,
        channel: Option<i32>,
        closed_by_id: Option<&'a str>,
        create_time_end: Option<i64>,
        create_time_start: Option<i64>,
        guest_id: Option<&'a str>,
        guest_name: Option<&'a str>,
        page: Option<::std::num::NonZeroU64>,
        page_size: Option<::std::num::NonZeroU64>,
        score: Option<i32>,
        solved: Option<i32>,
        status_list: Option<&'a ::std::vec::Vec<i32>>,
        tags: Option<&'a ::std::vec::Vec<::std::string::String>>,
        ticket_id: Option<&'a str>,
        type_: Option<i32>,
        update_time_end: Option<i64>,
        update_time_start: Option<i64>,
    ) -> Result<ResponseValue<types::TicketsResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/tickets", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("agent_id", &agent_id))
            .query(&progenitor_client::QueryParam::new("channel", &channel))
            .query(&progenitor_client::QueryParam::new("closed_by_id", &closed_by_id))
            .query(
                &progenitor_client::QueryParam::new("create_time_end", &create_time_end),
            )
            .query(
                &progenitor_client::QueryParam::new(
                    "create_time_start",
                    &create_time_start,
                ),
            )
            .query(&progenitor_client::QueryParam::new("guest_id", &guest_id))
            .query(&progenitor_client::QueryParam::new("guest_name", &guest_name))
            .query(&progenitor_client::QueryParam::new("page", &page))
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("score", &score))
            .query(&progenitor_client::QueryParam::new("solved", &solved))
            .query(&progenitor_client::QueryParam::new("status_list", &status_list))
            .query(&progenitor_client::QueryParam::new("tags", &tags))
            .query(&progenitor_client::QueryParam::new("ticket_id", &ticket_id))
            .query(&progenitor_client::QueryParam::new("type", &type_))
            .query(
                &progenitor_client::QueryParam::new("update_time_end", &update_time_end),
            )
            .query(
                &progenitor_client::QueryParam::new(
                    "update_time_start",
                    &update_time_start,
                ),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_tickets",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get one ticket of a helpdesk

Returns the ticket. Rate limit: 10 requests per second. Only self-built apps may call it, with the scope `helpdesk:all:readonly` and the helpdesk credential header.

Sends a `GET` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}`

Arguments:
- `ticket_id`: Ticket ID.
*/
    pub async fn get_ticket<'a>(
        &'a self,
        ticket_id: &'a str,
    ) -> Result<ResponseValue<types::TicketResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}", self.baseurl, encode_path(& ticket_id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_ticket",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update a ticket

Changes the data of a ticket: its status, tags, stage, whether it is solved, its channel, its custom fields, or adds a comment. At least one field must be given. Only the data changes: nothing else happens (setting a closed status does not close the chat). Rate limit: special frequency control (no number is published). Needs a user access token of an agent with rights on the ticket, or of the helpdesk's administrator or owner (scope `helpdesk:all`). Not idempotent: each call with a `comment` adds one.

Sends a `PUT` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}`

Arguments:
- `ticket_id`: Ticket ID.
- `body`
*/
    pub async fn update_ticket<'a>(
        &'a self,
        ticket_id: &'a str,
        body: &'a types::UpdateTicketRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}", self.baseurl, encode_path(& ticket_id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .put(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "update_ticket",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get the messages of a helpdesk ticket

Returns one page of the messages of a helpdesk ticket. Rate limit: special frequency control (no number is published). Only self-built (custom) apps may call it; the app needs the scope `helpdesk:all:readonly` (read helpdesk resources). Besides the tenant access token, every call carries the helpdesk credential header `X-Lark-Helpdesk-Authorization`. The response has no `has_more`: the last page is the one where `page * page_size >= total`, or a page that is short or empty.

Sends a `GET` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}/messages`

Arguments:
- `ticket_id`: Ticket ID.
- `page`: Page number, starting at 1.
- `page_size`: Number of messages per page, at most 200, 20 by default.
- `time_end`: End time, Unix seconds.
- `time_start`: Start time, Unix seconds.
*/
    pub async fn list_ticket_messages<'a>(
        &'a self,
        ticket_id: &'a str,
        page: Option<::std::num::NonZeroU64>,
        page_size: Option<::std::num::NonZeroU64>,
        time_end: Option<i64>,
        time_start: Option<i64>,
    ) -> Result<
        ResponseValue<types::TicketMessagesResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}/messages", self.baseurl, encode_path(&
            ticket_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("page", &page))
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("time_end", &time_end))
            .query(&progenitor_client::QueryParam::new("time_start", &time_start))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_ticket_messages",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Send a message in a ticket

Sends a text or rich-text message to the ticket's chat, as the helpdesk. Rate limit: 1000 requests per minute and 50 per second. Scope `helpdesk:all`. Errors at HTTP 401 carry one of several codes: 154001 (check both credentials), 154003 (no permission), 154401 (the ticket is already closed), 154403 (the content holds an illegal URL). Not idempotent: each call sends a message.

Sends a `POST` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}/messages`

Arguments:
- `ticket_id`: Ticket ID.
- `body`
*/
    pub async fn create_ticket_message<'a>(
        &'a self,
        ticket_id: &'a str,
        body: &'a types::CreateTicketMessageRequest,
    ) -> Result<ResponseValue<types::MessageIdResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}/messages", self.baseurl, encode_path(&
            ticket_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_ticket_message",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Answer a user's question in a ticket with FAQs

Replies to the question a user asked in a ticket with the FAQs that match it (for an app answering in the bot stage). The ticket must still be in progress and not yet handed to a human agent. `event_id` comes from the `helpdesk.ticket_message.created_v1` event of the question. Rate limit: special frequency control (no number is published). Scope `helpdesk:all`. Not idempotent: each call sends an answer to the user.

Sends a `POST` request to `/open-apis/helpdesk/v1/tickets/{ticket_id}/answer_user_query`

Arguments:
- `ticket_id`: Ticket ID.
- `body`
*/
    pub async fn answer_user_query<'a>(
        &'a self,
        ticket_id: &'a str,
        body: &'a types::AnswerUserQueryRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/tickets/{}/answer_user_query", self.baseurl,
            encode_path(& ticket_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "answer_user_query",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get the custom fields of the helpdesk (user and ticket fields)

Returns every custom field of the helpdesk: those of users and those of tickets, in one answer (no paging). Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/customized_fields`

Arguments:
- `visible_only`: Only the fields visible to users.
*/
    pub async fn list_customized_fields<'a>(
        &'a self,
        visible_only: Option<bool>,
    ) -> Result<
        ResponseValue<types::CustomizedFieldsResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/customized_fields", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("visible_only", &visible_only))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_customized_fields",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Start a helpdesk conversation for a user

Creates the helpdesk's service chat with a user, with the bot or straight with a human agent (`human_service`, optionally with `appointed_agents`). Rate limit: 1000 requests per minute and 50 per second. Scope `helpdesk:helpdesk:access`; the page also admits store (isv) apps. A user outside the helpdesk's visibility scope is refused with HTTP 401 and code 154402; 401 with 154001 means the credentials are wrong. `data.ticket_id` is documented by the page and the Node SDK only, for human tickets; the Go, Java and Python SDKs lack it. Not idempotent: each call may start a conversation and notifies the user.

Sends a `POST` request to `/open-apis/helpdesk/v1/start_service`

*/
    pub async fn start_service<'a>(
        &'a self,
        body: &'a types::StartServiceRequest,
    ) -> Result<
        ResponseValue<types::StartServiceResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/start_service", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "start_service",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Download an image of a ticket message

Returns the bytes of an image sent in a ticket message (`msg_id` from `list_ticket_messages`); the file name is in `Content-Disposition`. Rate limit: 1000 requests per minute and 50 per second. Scope `helpdesk:all:readonly`. Errors answer the JSON envelope: 400 when `index` is missing or wrong for a rich-text message, 403 for wrong credentials, 404 when `ticket_id` and `msg_id` do not match, 401 with code 154404 when the image was deleted.

Sends a `GET` request to `/open-apis/helpdesk/v1/ticket_images`

Arguments:
- `index`: Which image of a rich-text (`post`) message, from 0; needed for `post` messages, not for `image` messages.
- `msg_id`: The ticket message's ID (`id` of a message of `list_ticket_messages`).
- `ticket_id`: Ticket ID.
*/
    pub async fn get_ticket_image<'a>(
        &'a self,
        index: Option<i64>,
        msg_id: &'a str,
        ticket_id: &'a str,
    ) -> Result<ResponseValue<ByteStream>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/ticket_images", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .query(&progenitor_client::QueryParam::new("index", &index))
            .query(&progenitor_client::QueryParam::new("msg_id", &msg_id))
            .query(&progenitor_client::QueryParam::new("ticket_id", &ticket_id))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_ticket_image",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => Ok(ResponseValue::stream(response)),
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List the ticket custom fields

Returns one page of the helpdesk's ticket custom fields. Rate limit: the page states none (the platform's default limits apply). Scope `helpdesk:all:readonly`. The next page's token is answered in `next_page_token` (not `page_token`, unlike the FAQ listings). The filter `visible` travels in a JSON body on this GET, as the page and all four SDKs send it; the body is optional (without it, every field is listed).

Sends a `GET` request to `/open-apis/helpdesk/v1/ticket_customized_fields`

Arguments:
- `page_size`: Number of fields per page, at most 100, 20 by default.
- `page_token`: The token of the page to get: absent for the first page, then the `next_page_token` of the previous answer.
- `body`: The filter, sent as a JSON body on this GET.
*/
    pub async fn list_ticket_customized_fields<'a>(
        &'a self,
        page_size: Option<::std::num::NonZeroU64>,
        page_token: Option<&'a str>,
        body: &'a types::ListTicketCustomizedFieldsRequest,
    ) -> Result<
        ResponseValue<types::TicketCustomizedFieldsResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/ticket_customized_fields", self.baseurl,
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("page_token", &page_token))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_ticket_customized_fields",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Create a ticket custom field

Creates a custom field of the helpdesk's tickets. Rate limit: the page states none (the platform's default limits apply). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`). The answer has no `data` (the page's example is `{"code": 0, "msg": "success"}`), so the new field's id is not returned: list the fields to find it. `dropdown_options` is documented by the page only (no SDK has it); `editable` by the Node SDK only. Not idempotent: each call creates a field.

Sends a `POST` request to `/open-apis/helpdesk/v1/ticket_customized_fields`

*/
    pub async fn create_ticket_customized_field<'a>(
        &'a self,
        body: &'a types::CreateTicketCustomizedFieldRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/ticket_customized_fields", self.baseurl,
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_ticket_customized_field",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get a ticket custom field

Returns one ticket custom field; `data` is the field itself (not wrapped). Rate limit: the page states none (the platform's default limits apply). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/ticket_customized_fields/{ticket_customized_field_id}`

Arguments:
- `ticket_customized_field_id`: The ticket custom field's ID.
*/
    pub async fn get_ticket_customized_field<'a>(
        &'a self,
        ticket_customized_field_id: &'a str,
    ) -> Result<
        ResponseValue<types::TicketCustomizedFieldResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/ticket_customized_fields/{}", self.baseurl,
            encode_path(& ticket_customized_field_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_ticket_customized_field",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Delete a ticket custom field

Deletes a ticket custom field. Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`).

Sends a `DELETE` request to `/open-apis/helpdesk/v1/ticket_customized_fields/{ticket_customized_field_id}`

Arguments:
- `ticket_customized_field_id`: The ticket custom field's ID.
*/
    pub async fn delete_ticket_customized_field<'a>(
        &'a self,
        ticket_customized_field_id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/ticket_customized_fields/{}", self.baseurl,
            encode_path(& ticket_customized_field_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .delete(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "delete_ticket_customized_field",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update a ticket custom field

Changes the given properties of a ticket custom field. Rate limit: the page states none (the platform's default limits apply). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`). The answer has no `data`. `dropdown_options` is documented by the page only (no SDK has it).

Sends a `PATCH` request to `/open-apis/helpdesk/v1/ticket_customized_fields/{ticket_customized_field_id}`

Arguments:
- `ticket_customized_field_id`: The ticket custom field's ID.
- `body`
*/
    pub async fn patch_ticket_customized_field<'a>(
        &'a self,
        ticket_customized_field_id: &'a str,
        body: &'a types::PatchTicketCustomizedFieldRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/ticket_customized_fields/{}", self.baseurl,
            encode_path(& ticket_customized_field_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_ticket_customized_field",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List the FAQ categories

Returns every category of the knowledge base in one answer (no paging), each with its sub-categories in `children` (a tree documented by the page only, not by any SDK; children may lack `category_id`). Rate limit: the page states none (the platform's default limits apply). Scope `helpdesk:all:readonly` (the page names the permission, not its code).

Sends a `GET` request to `/open-apis/helpdesk/v1/categories`

Arguments:
- `asc`: Order: true ascending, false descending.
- `lang`: Only categories of this language, e.g. `zh_cn`, `en_us`, `ja_jp`.
- `order_by`: Sort key: 1 the category's update time.
*/
    pub async fn list_categories<'a>(
        &'a self,
        asc: Option<bool>,
        lang: Option<&'a str>,
        order_by: Option<i32>,
    ) -> Result<ResponseValue<types::CategoriesResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/categories", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("asc", &asc))
            .query(&progenitor_client::QueryParam::new("lang", &lang))
            .query(&progenitor_client::QueryParam::new("order_by", &order_by))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_categories",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Create an FAQ category

Creates a category of the knowledge base, at the top level (`parent_id` "0") or under another category. Rate limit: special frequency control (no number is published). Needs a user access token of an agent, administrator or owner of the helpdesk (scope `helpdesk:all`). Not idempotent: each call creates a category.

Sends a `POST` request to `/open-apis/helpdesk/v1/categories`

*/
    pub async fn create_category<'a>(
        &'a self,
        body: &'a types::CreateCategoryRequest,
    ) -> Result<
        ResponseValue<types::CreateCategoryResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/categories", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_category",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get an FAQ category

Returns one category; `data` is the category itself (not wrapped), without `parent_id` per the page and the SDKs. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/categories/{id}`

Arguments:
- `id`: The category's ID.
*/
    pub async fn get_category<'a>(
        &'a self,
        id: &'a str,
    ) -> Result<ResponseValue<types::CategoryResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/categories/{}", self.baseurl, encode_path(& id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_category",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Delete an FAQ category

Deletes a category. Rate limit: special frequency control (no number is published). Needs a user access token of an agent, administrator or owner of the helpdesk (scope `helpdesk:all`).

Sends a `DELETE` request to `/open-apis/helpdesk/v1/categories/{id}`

Arguments:
- `id`: The category's ID.
*/
    pub async fn delete_category<'a>(
        &'a self,
        id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/categories/{}", self.baseurl, encode_path(& id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .delete(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "delete_category",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update an FAQ category

Renames a category or moves it under another parent. Rate limit: special frequency control (no number is published). Needs a user access token of an agent, administrator or owner of the helpdesk (scope `helpdesk:all`).

Sends a `PATCH` request to `/open-apis/helpdesk/v1/categories/{id}`

Arguments:
- `id`: The category's ID.
- `body`
*/
    pub async fn patch_category<'a>(
        &'a self,
        id: &'a str,
        body: &'a types::PatchCategoryRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/categories/{}", self.baseurl, encode_path(& id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_category",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List the FAQs

Returns one page of the knowledge base's FAQs, optionally of one category, status or keyword. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`. `page_token` is answered only while `has_more` is true.

Sends a `GET` request to `/open-apis/helpdesk/v1/faqs`

Arguments:
- `category_id`: Only the FAQs of this category.
- `page_size`: Number of FAQs per page, at most 100, 20 by default.
- `page_token`: The token of the page to get: absent for the first page, then the `page_token` of the previous answer.
- `search`: A keyword matched against the question, its keywords and user names.
- `status`: Only the FAQs in this status, a string: "1" online, "0" deleted (recoverable), "2" deleted for good.
*/
    pub async fn list_faqs<'a>(
        &'a self,
        category_id: Option<&'a str>,
        page_size: Option<::std::num::NonZeroU64>,
        page_token: Option<&'a str>,
        search: Option<&'a str>,
        status: Option<&'a str>,
    ) -> Result<ResponseValue<types::FaqsResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/faqs", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("category_id", &category_id))
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("page_token", &page_token))
            .query(&progenitor_client::QueryParam::new("search", &search))
            .query(&progenitor_client::QueryParam::new("status", &status))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_faqs",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Create an FAQ

Adds a question and its answer to the knowledge base. Either `answer` or `answer_richtext` must be given; here `answer_richtext` is a JSON array serialised into a string (all sources agree for the create), while answers carry it as an array. Rate limit: special frequency control (no number is published). Needs a user access token of an agent, administrator or owner of the helpdesk (scope `helpdesk:all`). Not idempotent: each call creates an FAQ.

Sends a `POST` request to `/open-apis/helpdesk/v1/faqs`

*/
    pub async fn create_faq<'a>(
        &'a self,
        body: &'a types::CreateFaqRequest,
    ) -> Result<ResponseValue<types::FaqResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/faqs", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_faq",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Search the FAQs

Returns one page of the FAQs matching a query. A query that is not plain English (Chinese, spaces, ...) is sent percent-encoded, or base64-encoded with `base64=true`. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`. The page's table lists `has_more`, `page_token` and `items` only; its example also carries `page_size` and `total`.

Sends a `GET` request to `/open-apis/helpdesk/v1/faqs/search`

Arguments:
- `base64`: "true" when `query` is base64-encoded; absent otherwise. A string, not a boolean.
- `page_size`: Number of FAQs per page, at most 100, 20 by default.
- `page_token`: The token of the page to get: absent for the first page, then the `page_token` of the previous answer.
- `query`: The text to search for (base64-encoded when `base64` is "true").
*/
    pub async fn search_faqs<'a>(
        &'a self,
        base64: Option<&'a str>,
        page_size: Option<::std::num::NonZeroU64>,
        page_token: Option<&'a str>,
        query: &'a str,
    ) -> Result<ResponseValue<types::FaqsResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/faqs/search", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("base64", &base64))
            .query(&progenitor_client::QueryParam::new("page_size", &page_size))
            .query(&progenitor_client::QueryParam::new("page_token", &page_token))
            .query(&progenitor_client::QueryParam::new("query", &query))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "search_faqs",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get an FAQ

Returns one FAQ of the knowledge base. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/faqs/{id}`

Arguments:
- `id`: The FAQ's ID.
*/
    pub async fn get_faq<'a>(
        &'a self,
        id: &'a str,
    ) -> Result<ResponseValue<types::FaqResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/faqs/{}", self.baseurl, encode_path(& id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_faq",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Delete an FAQ

Deletes an FAQ. Rate limit: special frequency control (no number is published). Needs a user access token of an agent, administrator or owner of the helpdesk (scope `helpdesk:all`).

Sends a `DELETE` request to `/open-apis/helpdesk/v1/faqs/{id}`

Arguments:
- `id`: The FAQ's ID.
*/
    pub async fn delete_faq<'a>(
        &'a self,
        id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/faqs/{}", self.baseurl, encode_path(& id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .delete(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "delete_faq",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update an FAQ

Changes an FAQ. `question` is required, and either `answer` or `answer_richtext`. `answer_richtext` is an array of rich-text items per the page and the Java, Python and Node SDKs, while the Go SDK sends it as a JSON array serialised into a string (as for the create): both forms are accepted. Rate limit: special frequency control (no number is published). Needs a user access token of an agent, administrator or owner of the helpdesk (scope `helpdesk:all`).

Sends a `PATCH` request to `/open-apis/helpdesk/v1/faqs/{id}`

Arguments:
- `id`: The FAQ's ID.
- `body`
*/
    pub async fn patch_faq<'a>(
        &'a self,
        id: &'a str,
        body: &'a types::PatchFaqRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/faqs/{}", self.baseurl, encode_path(& id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_faq",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Download an image of an FAQ

Returns the bytes of an image of an FAQ's rich-text answer; the file name is in `Content-Disposition`. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`. Errors answer the JSON envelope.

Sends a `GET` request to `/open-apis/helpdesk/v1/faqs/{id}/image/{image_key}`

Arguments:
- `id`: The FAQ's ID.
- `image_key`: The image's key, `img_...`.
*/
    pub async fn get_faq_image<'a>(
        &'a self,
        id: &'a str,
        image_key: &'a str,
    ) -> Result<ResponseValue<ByteStream>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/faqs/{}/image/{}", self.baseurl, encode_path(& id
            .to_string()), encode_path(& image_key.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self.client.get(url).headers(header_map).build()?;
        let info = OperationInfo {
            operation_id: "get_faq_image",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => Ok(ResponseValue::stream(response)),
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Create a notification (a draft)

Creates a push-center notification in the draft state; submit it for approval next. The page's table marks every field optional, while its descriptions call `job_name`, `push_content`, `push_type` and `push_scope_type` required; the platform's checks of their combinations are in the schema's descriptions. Output fields (`id`, `status`, users, times, counts) may be sent and are ignored. Rate limit: 10 requests per minute. Needs a user access token (scope `helpdesk:all`); 405 with code 154005 means the user may not create notifications. Not idempotent: each call creates a notification.

Sends a `POST` request to `/open-apis/helpdesk/v1/notifications`

Arguments:
- `user_id_type`: The kind of the user ids in the body and the answer: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).
- `body`
*/
    pub async fn create_notification<'a>(
        &'a self,
        user_id_type: Option<&'a str>,
        body: &'a types::Notification,
    ) -> Result<
        ResponseValue<types::CreateNotificationResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/notifications", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .query(&progenitor_client::QueryParam::new("user_id_type", &user_id_type))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get a notification

Returns a notification and the link to its approval. Rate limit: 100 requests per minute. Scope `helpdesk:all:readonly`. The four SDKs accept a tenant or a user access token; the page lists only the user access token: both are declared, the tenant token first as elsewhere.

Sends a `GET` request to `/open-apis/helpdesk/v1/notifications/{notification_id}`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
- `user_id_type`: The kind of the user ids in the answer: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).
*/
    pub async fn get_notification<'a>(
        &'a self,
        notification_id: &'a str,
        user_id_type: Option<&'a str>,
    ) -> Result<
        ResponseValue<types::NotificationResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}", self.baseurl, encode_path(&
            notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("user_id_type", &user_id_type))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update a notification (while a draft)

Changes a notification; only allowed while it is a draft. The body is a notification, as for the create. Rate limit: 20 requests per minute. Needs a user access token (scope `helpdesk:all`).

Sends a `PATCH` request to `/open-apis/helpdesk/v1/notifications/{notification_id}`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
- `user_id_type`: The kind of the user ids in the body: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).
- `body`
*/
    pub async fn patch_notification<'a>(
        &'a self,
        notification_id: &'a str,
        user_id_type: Option<&'a str>,
        body: &'a types::Notification,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}", self.baseurl, encode_path(&
            notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .query(&progenitor_client::QueryParam::new("user_id_type", &user_id_type))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Preview a notification

Sends the notification's content to the calling user as a preview, before the real sending. Rate limit: 20 requests per minute. Needs a user access token (scope `helpdesk:all:readonly`). The page lists no error codes. Not idempotent: each call sends a preview. No request body.

Sends a `POST` request to `/open-apis/helpdesk/v1/notifications/{notification_id}/preview`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
*/
    pub async fn preview_notification<'a>(
        &'a self,
        notification_id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}/preview", self.baseurl,
            encode_path(& notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "preview_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Submit a notification for approval

Submits a draft notification to the helpdesk owner's approval; when the creator is the owner it is approved at once. The outcome arrives as the event `helpdesk.notification.approve_v1`. `data.has_access` is false when the user cannot manage approvals (the helpdesk mini-app is not installed, or too old). Rate limit: 10 requests per minute. Needs a user access token (scope `helpdesk:all`). The page lists no error codes. Not idempotent: each call notifies the approver.

Sends a `POST` request to `/open-apis/helpdesk/v1/notifications/{notification_id}/submit_approve`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
- `body`
*/
    pub async fn submit_approve_notification<'a>(
        &'a self,
        notification_id: &'a str,
        body: &'a types::SubmitApproveNotificationRequest,
    ) -> Result<
        ResponseValue<types::SubmitApproveNotificationResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}/submit_approve", self.baseurl,
            encode_path(& notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "submit_approve_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Withdraw a notification from approval

Cancels the approval a notification was submitted to. Rate limit: 10 requests per minute. Needs a user access token (scope `helpdesk:all`). No request body.

Sends a `POST` request to `/open-apis/helpdesk/v1/notifications/{notification_id}/cancel_approve`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
*/
    pub async fn cancel_approve_notification<'a>(
        &'a self,
        notification_id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}/cancel_approve", self.baseurl,
            encode_path(& notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "cancel_approve_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Schedule the sending of an approved notification

Sets when an approved notification is sent; the platform's scheduler then sends it. `send_at` is Unix milliseconds, as a string. Rate limit: 10 requests per minute. Needs a user access token (scope `helpdesk:all`). Not idempotent: it sends messages.

Sends a `POST` request to `/open-apis/helpdesk/v1/notifications/{notification_id}/execute_send`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
- `body`
*/
    pub async fn execute_send_notification<'a>(
        &'a self,
        notification_id: &'a str,
        body: &'a types::ExecuteSendNotificationRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}/execute_send", self.baseurl,
            encode_path(& notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "execute_send_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Cancel the sending of a notification

Cancels a notification once approved: before it is sent, while it is being sent, or after; with `is_recall` the messages already sent (new-hire pushes included) are recalled. Rate limit: special frequency control (no number is published). Needs a user access token (scope `helpdesk:all`).

Sends a `POST` request to `/open-apis/helpdesk/v1/notifications/{notification_id}/cancel_send`

Arguments:
- `notification_id`: The notification's ID, as answered by `create_notification`.
- `body`
*/
    pub async fn cancel_send_notification<'a>(
        &'a self,
        notification_id: &'a str,
        body: &'a types::CancelSendNotificationRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/notifications/{}/cancel_send", self.baseurl,
            encode_path(& notification_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "cancel_send_notification",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get the email addresses of the helpdesk's agents

Returns the email addresses of the helpdesk's agents. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`. `data.agents` is typed as a string by all four official SDKs, while the page's example shows an object mapping each agent's open id to its address: both are accepted.

Sends a `GET` request to `/open-apis/helpdesk/v1/agent_emails`

*/
    pub async fn list_agent_emails<'a>(
        &'a self,
    ) -> Result<ResponseValue<types::AgentEmailsResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/agent_emails", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_agent_emails",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Set an agent's status

Sets an agent online or offline. Rate limit: 100 requests per minute. Needs a user access token (scope `helpdesk:all`). An invalid status is refused with HTTP 400 and code 150001 (other bad requests: 154000).

Sends a `PATCH` request to `/open-apis/helpdesk/v1/agents/{agent_id}`

Arguments:
- `agent_id`: The agent's ID (its open id, `ou_...`).
- `body`
*/
    pub async fn patch_agent<'a>(
        &'a self,
        agent_id: &'a str,
        body: &'a types::PatchAgentRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agents/{}", self.baseurl, encode_path(& agent_id
            .to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_agent",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get an agent's work schedule

Returns an agent's status, weekly schedule and skills. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`. The schedules are not declared as an `x-resource`: the answer's shape (the agent's user, its skills) differs from what the writes take (schedule items and skill ids), creates take several agents at once, and the agent's id is nested (`agent.id`).

Sends a `GET` request to `/open-apis/helpdesk/v1/agents/{agent_id}/schedules`

Arguments:
- `agent_id`: The agent's ID (its open id, `ou_...`).
*/
    pub async fn get_agent_schedules<'a>(
        &'a self,
        agent_id: &'a str,
    ) -> Result<
        ResponseValue<types::AgentScheduleResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agents/{}/schedules", self.baseurl, encode_path(&
            agent_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_agent_schedules",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Delete an agent's work schedule

Deletes an agent's schedule. Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`).

Sends a `DELETE` request to `/open-apis/helpdesk/v1/agents/{agent_id}/schedules`

Arguments:
- `agent_id`: The agent's ID (its open id, `ou_...`).
*/
    pub async fn delete_agent_schedules<'a>(
        &'a self,
        agent_id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agents/{}/schedules", self.baseurl, encode_path(&
            agent_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .delete(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "delete_agent_schedules",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update an agent's work schedule

Replaces an agent's weekly schedule and skills. Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`). The page documents `schedule` and `agent_skill_ids` inside `agent_schedule`; the SDKs' type also has `agent_id`.

Sends a `PATCH` request to `/open-apis/helpdesk/v1/agents/{agent_id}/schedules`

Arguments:
- `agent_id`: The agent's ID (its open id, `ou_...`).
- `body`
*/
    pub async fn patch_agent_schedules<'a>(
        &'a self,
        agent_id: &'a str,
        body: &'a types::PatchAgentSchedulesRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agents/{}/schedules", self.baseurl, encode_path(&
            agent_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_agent_schedules",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List the agents' work schedules

Returns the schedules of every agent in one of the given statuses, in one answer (no paging). Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/agent_schedules`

Arguments:
- `status`: Only agents in one of these statuses: 1 online, 2 offline (set by hand), 3 off duty (outside service hours), 4 removed agents; the key is repeated for each value (`status=1&status=2`).
*/
    pub async fn list_agent_schedules<'a>(
        &'a self,
        status: &'a ::std::vec::Vec<i32>,
    ) -> Result<
        ResponseValue<types::AgentSchedulesResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/agent_schedules", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .query(&progenitor_client::QueryParam::new("status", &status))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_agent_schedules",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Create the work schedules of agents

Creates the schedules of one or more agents. Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`). Not idempotent: it creates.

Sends a `POST` request to `/open-apis/helpdesk/v1/agent_schedules`

*/
    pub async fn create_agent_schedules<'a>(
        &'a self,
        body: &'a types::CreateAgentSchedulesRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/agent_schedules", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_agent_schedules",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List the agent skills

Returns every skill of the helpdesk in one answer (no paging); the page documents `id`, `name`, `agent_ids` and `is_default` for each. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/agent_skills`

*/
    pub async fn list_agent_skills<'a>(
        &'a self,
    ) -> Result<ResponseValue<types::AgentSkillsResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/agent_skills", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_agent_skills",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Create an agent skill

Creates a skill from rules (see `list_agent_skill_rules`) and gives it to agents. Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`). Not idempotent: each call creates a skill.

Sends a `POST` request to `/open-apis/helpdesk/v1/agent_skills`

*/
    pub async fn create_agent_skill<'a>(
        &'a self,
        body: &'a types::CreateAgentSkillRequest,
    ) -> Result<
        ResponseValue<types::CreateAgentSkillResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/agent_skills", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_agent_skill",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get an agent skill

Returns a skill with its rules and agents. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/agent_skills/{agent_skill_id}`

Arguments:
- `agent_skill_id`: The skill's ID.
*/
    pub async fn get_agent_skill<'a>(
        &'a self,
        agent_skill_id: &'a str,
    ) -> Result<ResponseValue<types::AgentSkillResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agent_skills/{}", self.baseurl, encode_path(&
            agent_skill_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "get_agent_skill",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Delete an agent skill

Deletes a skill. Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`).

Sends a `DELETE` request to `/open-apis/helpdesk/v1/agent_skills/{agent_skill_id}`

Arguments:
- `agent_skill_id`: The skill's ID.
*/
    pub async fn delete_agent_skill<'a>(
        &'a self,
        agent_skill_id: &'a str,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agent_skills/{}", self.baseurl, encode_path(&
            agent_skill_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .delete(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "delete_agent_skill",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Update an agent skill

Changes a skill's name, rules or agents (the page documents `name`, `rules` and `agent_ids` inside `agent_skill`). Rate limit: special frequency control (no number is published). Needs a user access token of the helpdesk's administrator or owner (scope `helpdesk:all`).

Sends a `PATCH` request to `/open-apis/helpdesk/v1/agent_skills/{agent_skill_id}`

Arguments:
- `agent_skill_id`: The skill's ID.
- `body`
*/
    pub async fn patch_agent_skill<'a>(
        &'a self,
        agent_skill_id: &'a str,
        body: &'a types::PatchAgentSkillRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!(
            "{}/open-apis/helpdesk/v1/agent_skills/{}", self.baseurl, encode_path(&
            agent_skill_id.to_string()),
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .patch(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "patch_agent_skill",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**List the rules agent skills can use

Returns the rules a skill can be made of, with the operators each accepts (`operator_options`). Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `GET` request to `/open-apis/helpdesk/v1/agent_skill_rules`

*/
    pub async fn list_agent_skill_rules<'a>(
        &'a self,
    ) -> Result<
        ResponseValue<types::AgentSkillRulesResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!("{}/open-apis/helpdesk/v1/agent_skill_rules", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .get(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "list_agent_skill_rules",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Send a message from the helpdesk bot to a user

Sends a text, rich-text, image or card message from the helpdesk bot to a user, in the user's dedicated helpdesk chat (the default; it fails while the user has a ticket in progress) or in a private chat with the bot. Cards of the JSON 2.0 format and store apps are not supported. Rate limit: 100 requests per minute. Scope `helpdesk:all`. Not idempotent: each call sends a message.

Sends a `POST` request to `/open-apis/helpdesk/v1/message`

Arguments:
- `user_id_type`: The kind of `receiver_id`: `open_id` (the default), `union_id` or `user_id` (which needs the scope `contact:user.employee_id:readonly`).
- `body`
*/
    pub async fn create_bot_message<'a>(
        &'a self,
        user_id_type: Option<&'a str>,
        body: &'a types::CreateBotMessageRequest,
    ) -> Result<ResponseValue<types::MessageIdResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/message", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .query(&progenitor_client::QueryParam::new("user_id_type", &user_id_type))
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "create_bot_message",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            404u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            405u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Subscribe to helpdesk events

Turns on the delivery of helpdesk events to the app (ticket and ticket message events must be subscribed here besides the app's event settings). The page gives type `helpdesk.ticket_message`, subtype `ticket_message.created_v1`; the values for the ticket events are not documented. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `POST` request to `/open-apis/helpdesk/v1/events/subscribe`

*/
    pub async fn subscribe_events<'a>(
        &'a self,
        body: &'a types::EventsRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/events/subscribe", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "subscribe_events",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Unsubscribe from helpdesk events

Turns off the delivery of the given helpdesk events. Rate limit: special frequency control (no number is published). Scope `helpdesk:all:readonly`.

Sends a `POST` request to `/open-apis/helpdesk/v1/events/unsubscribe`

*/
    pub async fn unsubscribe_events<'a>(
        &'a self,
        body: &'a types::EventsRequest,
    ) -> Result<ResponseValue<types::EmptyResponse>, Error<types::ErrorResponse>> {
        let url = format!("{}/open-apis/helpdesk/v1/events/unsubscribe", self.baseurl,);
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "unsubscribe_events",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            401u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            403u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            429u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            500u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
    /**Get a tenant access token for a self-built app

Exchanges the app's credentials for a tenant access token. `expire` is the remaining validity in seconds (at most 7200); with less than 30 minutes left the platform hands out a new token while the old one stays valid until it expires. Failures are reported by a non-zero `code` at HTTP 200: 10014 for a wrong app secret, 10003 for a missing or malformed body.

Sends a `POST` request to `/open-apis/auth/v3/tenant_access_token/internal`

*/
    pub async fn tenant_access_token_internal<'a>(
        &'a self,
        body: &'a types::TenantAccessTokenRequest,
    ) -> Result<
        ResponseValue<types::TenantAccessTokenResponse>,
        Error<types::ErrorResponse>,
    > {
        let url = format!(
            "{}/open-apis/auth/v3/tenant_access_token/internal", self.baseurl,
        );
        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
        header_map
            .append(
                ::reqwest::header::HeaderName::from_static("api-version"),
                ::reqwest::header::HeaderValue::from_static(Self::api_version()),
            );
        #[allow(unused_mut)]
        let mut request = self
            .client
            .post(url)
            .header(
                ::reqwest::header::ACCEPT,
                ::reqwest::header::HeaderValue::from_static("application/json"),
            )
            .json(&body)
            .headers(header_map)
            .build()?;
        let info = OperationInfo {
            operation_id: "tenant_access_token_internal",
        };
        self.pre(&mut request, &info).await?;
        let result = self.exec(request, &info).await;
        self.post(&result, &info).await?;
        let response = result?;
        match response.status().as_u16() {
            200u16 => ResponseValue::from_response(response).await,
            400u16 => {
                Err(Error::ErrorResponse(ResponseValue::from_response(response).await?))
            }
            _ => Err(Error::UnexpectedResponse(response)),
        }
    }
}
/// Items consumers will typically use such as the Client.
pub mod prelude {
    #[allow(unused_imports)]
    pub use super::Client;
}
