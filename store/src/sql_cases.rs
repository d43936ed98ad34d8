//! Cases on SQL: a family's referral, its children and the people with parental responsibility.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::sql_meetings::{meeting_from, MEETING_COLUMNS};
use super::SqlStore;
use crate::model::{
    ActionReview, Case, CaseChild, Journey, Meeting, Offer, OfferAnswer, OfferDecision, OfferMethod,
    ParentalResponsibility, ReviewedStatus, StaffRole, SupportItem, SupportRequest, SupportStatus, User,
};
use crate::{CaseStore, StoreError};

const CASE_COLUMNS: &str = "id, title, facilitator_id, referrer, lead_practitioner, reason, worries, bottom_lines, \
     questions, received_on, created_at, erased_at, care_application_on";

fn case_from(row: &AnyRow) -> Case {
    Case {
        id: row.get("id"),
        title: row.get("title"),
        facilitator_id: row.get("facilitator_id"),
        referrer: row.get("referrer"),
        lead_practitioner: row.get("lead_practitioner"),
        reason: row.get("reason"),
        worries: row.get("worries"),
        bottom_lines: row.get("bottom_lines"),
        questions: row.get("questions"),
        received_on: row.get("received_on"),
        created_at: row.get("created_at"),
        erased_at: row.get("erased_at"),
        care_application_on: row.get("care_application_on"),
        children: Vec::new(),
        parents: Vec::new(),
    }
}

impl SqlStore {
    /// `case` with its children and the people with parental responsibility.
    async fn with_people(&self, mut case: Case) -> Result<Case, StoreError> {
        let children = sqlx::query(
            "SELECT id, name, date_of_birth, case_system_id FROM case_children WHERE case_id = $1 ORDER BY position",
        )
        .bind(&case.id)
        .fetch_all(&self.pool)
        .await?;
        case.children = children
            .iter()
            .map(|row| CaseChild {
                id: row.get("id"),
                name: row.get("name"),
                date_of_birth: row.get("date_of_birth"),
                case_system_id: row.get("case_system_id"),
            })
            .collect();
        let parents = sqlx::query(
            "SELECT id, name, relationship FROM parental_responsibility WHERE case_id = $1 ORDER BY position",
        )
        .bind(&case.id)
        .fetch_all(&self.pool)
        .await?;
        case.parents = parents
            .iter()
            .map(|row| ParentalResponsibility {
                id: row.get("id"),
                name: row.get("name"),
                relationship: row.get("relationship"),
            })
            .collect();
        Ok(case)
    }
}

#[async_trait]
impl CaseStore for SqlStore {
    async fn case(&self, id: &str) -> Result<Option<Case>, StoreError> {
        let row = sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1 AND erased_at IS NULL"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.with_people(case_from(&row)).await?)),
            None => Ok(None),
        }
    }

    async fn cases_for_user(&self, user: &User) -> Result<Vec<Case>, StoreError> {
        let rows = if user.role == StaffRole::Manager {
            sqlx::query(&format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE erased_at IS NULL ORDER BY created_at DESC, id"
            ))
            .fetch_all(&self.pool)
            .await?
        } else {
            sqlx::query(&format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE erased_at IS NULL AND (facilitator_id = $1 OR id IN \
                 (SELECT case_id FROM meetings WHERE erased_at IS NULL AND (facilitator_id = $1 OR id IN \
                 (SELECT meeting_id FROM participants WHERE user_id = $1)))) ORDER BY created_at DESC, id"
            ))
            .bind(&user.id)
            .fetch_all(&self.pool)
            .await?
        };
        let mut cases = Vec::with_capacity(rows.len());
        for row in &rows {
            cases.push(self.with_people(case_from(row)).await?);
        }
        Ok(cases)
    }

    async fn offers(&self, case_id: &str) -> Result<Vec<Offer>, StoreError> {
        let rows = sqlx::query("SELECT * FROM offers WHERE case_id = $1 ORDER BY recorded_at, id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(offer_from).collect()
    }

    async fn offer_decisions(&self, case_id: &str) -> Result<Vec<OfferDecision>, StoreError> {
        let rows = sqlx::query("SELECT * FROM offer_decisions WHERE case_id = $1 ORDER BY decided_at, id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(offer_decision_from).collect())
    }

    async fn support_requests(&self, case_id: &str) -> Result<Vec<SupportRequest>, StoreError> {
        let rows = sqlx::query("SELECT * FROM support_requests WHERE case_id = $1 ORDER BY requested_at, id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        let mut requests = rows.iter().map(support_request_from).collect::<Result<Vec<_>, _>>()?;
        let items = sqlx::query(
            "SELECT support_items.* FROM support_items JOIN support_requests ON support_requests.id = request_id \
             WHERE support_requests.case_id = $1 ORDER BY position",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        attach_items(&mut requests, &items);
        Ok(requests)
    }

    async fn action_reviews(&self, review_meeting_id: &str) -> Result<Vec<ActionReview>, StoreError> {
        let rows =
            sqlx::query("SELECT * FROM action_reviews WHERE review_meeting_id = $1 ORDER BY recorded_at, action_id")
                .bind(review_meeting_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(action_review_from).collect()
    }

    async fn journeys(&self) -> Result<Vec<Journey>, StoreError> {
        let cases =
            sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE erased_at IS NULL ORDER BY created_at, id"))
                .fetch_all(&self.pool)
                .await?;
        let mut journeys: Vec<Journey> = cases
            .iter()
            .map(|row| Journey {
                case: case_from(row),
                meetings: Vec::new(),
                offers: Vec::new(),
                decisions: Vec::new(),
                support: Vec::new(),
                agreed: Vec::new(),
            })
            .collect();
        let index: std::collections::HashMap<String, usize> =
            journeys.iter().enumerate().map(|(at, journey)| (journey.case.id.clone(), at)).collect();
        let place = |case_id: Option<String>| case_id.and_then(|id| index.get(&id).copied());
        let meetings = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE erased_at IS NULL ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut case_of_meeting = std::collections::HashMap::new();
        for row in &meetings {
            let meeting = meeting_from(row)?;
            if let Some(at) = place(meeting.case_id.clone()) {
                case_of_meeting.insert(meeting.id.clone(), at);
                journeys[at].meetings.push(meeting);
            }
        }
        for row in &sqlx::query("SELECT * FROM offers ORDER BY recorded_at, id").fetch_all(&self.pool).await? {
            let offer = offer_from(row)?;
            if let Some(at) = place(Some(offer.case_id.clone())) {
                journeys[at].offers.push(offer);
            }
        }
        for row in &sqlx::query("SELECT * FROM offer_decisions ORDER BY decided_at, id").fetch_all(&self.pool).await? {
            let decision = offer_decision_from(row);
            if let Some(at) = place(Some(decision.case_id.clone())) {
                journeys[at].decisions.push(decision);
            }
        }
        let mut requests = sqlx::query("SELECT * FROM support_requests ORDER BY requested_at, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(support_request_from)
            .collect::<Result<Vec<_>, _>>()?;
        let items = sqlx::query("SELECT * FROM support_items ORDER BY position").fetch_all(&self.pool).await?;
        attach_items(&mut requests, &items);
        for request in requests {
            if let Some(at) = place(Some(request.case_id.clone())) {
                journeys[at].support.push(request);
            }
        }
        let agreed =
            sqlx::query("SELECT meeting_id, closed_at FROM proposals WHERE status = 'final' ORDER BY closed_at")
                .fetch_all(&self.pool)
                .await?;
        for row in &agreed {
            let meeting_id: String = row.get("meeting_id");
            let closed_at: Option<i64> = row.get("closed_at");
            if let (Some(&at), Some(closed_at)) = (case_of_meeting.get(&meeting_id), closed_at) {
                journeys[at].agreed.push((meeting_id, closed_at));
            }
        }
        Ok(journeys)
    }

    async fn meetings_of_case(&self, case_id: &str) -> Result<Vec<Meeting>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE case_id = $1 AND erased_at IS NULL ORDER BY created_at, id"
        ))
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(meeting_from).collect()
    }
}

fn offer_from(row: &AnyRow) -> Result<Offer, StoreError> {
    let method: String = row.get("method");
    let answer: String = row.get("answer");
    Ok(Offer {
        id: row.get("id"),
        case_id: row.get("case_id"),
        parent_id: row.get("parent_id"),
        offered_on: row.get("offered_on"),
        method: OfferMethod::parse(&method).ok_or_else(|| StoreError::Corrupt(format!("offer method {method:?}")))?,
        answer: OfferAnswer::parse(&answer).ok_or_else(|| StoreError::Corrupt(format!("offer answer {answer:?}")))?,
        declined_reason: row.get("declined_reason"),
        answered_on: row.get("answered_on"),
        recorded_by: row.get("recorded_by"),
        recorded_at: row.get("recorded_at"),
    })
}

fn offer_decision_from(row: &AnyRow) -> OfferDecision {
    OfferDecision {
        id: row.get("id"),
        case_id: row.get("case_id"),
        reason: row.get("reason"),
        decided_by: row.get("decided_by"),
        decided_at: row.get("decided_at"),
        approved_by: row.get("approved_by"),
        approved_at: row.get("approved_at"),
        refused_by: row.get("refused_by"),
        refused_at: row.get("refused_at"),
        refusal_reason: row.get("refusal_reason"),
    }
}

fn support_request_from(row: &AnyRow) -> Result<SupportRequest, StoreError> {
    let status: String = row.get("status");
    Ok(SupportRequest {
        id: row.get("id"),
        case_id: row.get("case_id"),
        meeting_id: row.get("meeting_id"),
        summary: row.get("summary"),
        items: Vec::new(),
        status: SupportStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("support status {status:?}")))?,
        requested_by: row.get("requested_by"),
        requested_at: row.get("requested_at"),
        decided_by: row.get("decided_by"),
        decided_at: row.get("decided_at"),
        decision_reason: row.get("decision_reason"),
    })
}

/// Gives each request its items (rows of support_items, in order).
fn attach_items(requests: &mut [SupportRequest], items: &[AnyRow]) {
    for row in items {
        let request_id: String = row.get("request_id");
        if let Some(request) = requests.iter_mut().find(|request| request.id == request_id) {
            request.items.push(SupportItem {
                id: row.get("id"),
                description: row.get("description"),
                cost_pence: row.get("cost_pence"),
            });
        }
    }
}

fn action_review_from(row: &AnyRow) -> Result<ActionReview, StoreError> {
    let status: String = row.get("status");
    Ok(ActionReview {
        review_meeting_id: row.get("review_meeting_id"),
        action_id: row.get("action_id"),
        what: row.get("what"),
        status: ReviewedStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("review status {status:?}")))?,
        note: row.get("note"),
        recorded_by: row.get("recorded_by"),
        recorded_at: row.get("recorded_at"),
    })
}

type Tx = Transaction<'static, Any>;

/// Writes a case's referral: its row (inserted, or its fields replaced) and its children and
/// people with parental responsibility (replaced as a whole).
pub(super) async fn write_case(transaction: &mut Tx, case: &Case, new: bool) -> Result<(), StoreError> {
    let statement = if new {
        format!("INSERT INTO cases ({CASE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
    } else {
        "UPDATE cases SET title = $2, facilitator_id = $3, referrer = $4, lead_practitioner = $5, reason = $6, \
         worries = $7, bottom_lines = $8, questions = $9, received_on = $10, created_at = $11, erased_at = $12, \
         care_application_on = $13 WHERE id = $1"
            .to_owned()
    };
    sqlx::query(&statement)
        .bind(&case.id)
        .bind(&case.title)
        .bind(&case.facilitator_id)
        .bind(&case.referrer)
        .bind(&case.lead_practitioner)
        .bind(&case.reason)
        .bind(&case.worries)
        .bind(&case.bottom_lines)
        .bind(&case.questions)
        .bind(&case.received_on)
        .bind(case.created_at)
        .bind(case.erased_at)
        .bind(&case.care_application_on)
        .execute(&mut **transaction)
        .await?;
    sqlx::query("DELETE FROM case_children WHERE case_id = $1").bind(&case.id).execute(&mut **transaction).await?;
    for (position, child) in case.children.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_children (id, case_id, name, date_of_birth, case_system_id, position) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&child.id)
        .bind(&case.id)
        .bind(&child.name)
        .bind(&child.date_of_birth)
        .bind(&child.case_system_id)
        .bind(position as i64)
        .execute(&mut **transaction)
        .await?;
    }
    sqlx::query("DELETE FROM parental_responsibility WHERE case_id = $1")
        .bind(&case.id)
        .execute(&mut **transaction)
        .await?;
    for (position, parent) in case.parents.iter().enumerate() {
        sqlx::query(
            "INSERT INTO parental_responsibility (id, case_id, name, relationship, position) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&parent.id)
        .bind(&case.id)
        .bind(&parent.name)
        .bind(&parent.relationship)
        .bind(position as i64)
        .execute(&mut **transaction)
        .await?;
    }
    Ok(())
}

/// Stores an offer, or its answer (by id: the row is replaced).
pub(super) async fn write_offer(transaction: &mut Tx, offer: &Offer) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM offers WHERE id = $1").bind(&offer.id).execute(&mut **transaction).await?;
    sqlx::query(
        "INSERT INTO offers (id, case_id, parent_id, offered_on, method, answer, declined_reason, answered_on, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&offer.id)
    .bind(&offer.case_id)
    .bind(&offer.parent_id)
    .bind(&offer.offered_on)
    .bind(offer.method.as_str())
    .bind(offer.answer.as_str())
    .bind(&offer.declined_reason)
    .bind(&offer.answered_on)
    .bind(&offer.recorded_by)
    .bind(offer.recorded_at)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

/// Stores a decision not to offer, or its approval (by id: the row is replaced).
pub(super) async fn write_offer_decision(transaction: &mut Tx, decision: &OfferDecision) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM offer_decisions WHERE id = $1").bind(&decision.id).execute(&mut **transaction).await?;
    sqlx::query(
        "INSERT INTO offer_decisions (id, case_id, reason, decided_by, decided_at, approved_by, approved_at, \
         refused_by, refused_at, refusal_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&decision.id)
    .bind(&decision.case_id)
    .bind(&decision.reason)
    .bind(&decision.decided_by)
    .bind(decision.decided_at)
    .bind(&decision.approved_by)
    .bind(decision.approved_at)
    .bind(&decision.refused_by)
    .bind(decision.refused_at)
    .bind(&decision.refusal_reason)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

/// Stores a support request with its items, or its decision (by id: the rows are replaced).
pub(super) async fn write_support_request(transaction: &mut Tx, request: &SupportRequest) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM support_items WHERE request_id = $1")
        .bind(&request.id)
        .execute(&mut **transaction)
        .await?;
    sqlx::query("DELETE FROM support_requests WHERE id = $1").bind(&request.id).execute(&mut **transaction).await?;
    sqlx::query(
        "INSERT INTO support_requests (id, case_id, meeting_id, summary, status, requested_by, requested_at, \
         decided_by, decided_at, decision_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&request.id)
    .bind(&request.case_id)
    .bind(&request.meeting_id)
    .bind(&request.summary)
    .bind(request.status.as_str())
    .bind(&request.requested_by)
    .bind(request.requested_at)
    .bind(&request.decided_by)
    .bind(request.decided_at)
    .bind(&request.decision_reason)
    .execute(&mut **transaction)
    .await?;
    for (position, item) in request.items.iter().enumerate() {
        sqlx::query(
            "INSERT INTO support_items (id, request_id, description, cost_pence, position) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&item.id)
        .bind(&request.id)
        .bind(&item.description)
        .bind(item.cost_pence)
        .bind(position as i64)
        .execute(&mut **transaction)
        .await?;
    }
    Ok(())
}

/// Stores a review's word on one action (replacing what it said before).
pub(super) async fn write_action_review(transaction: &mut Tx, review: &ActionReview) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM action_reviews WHERE review_meeting_id = $1 AND action_id = $2")
        .bind(&review.review_meeting_id)
        .bind(&review.action_id)
        .execute(&mut **transaction)
        .await?;
    sqlx::query(
        "INSERT INTO action_reviews (review_meeting_id, action_id, what, status, note, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&review.review_meeting_id)
    .bind(&review.action_id)
    .bind(&review.what)
    .bind(review.status.as_str())
    .bind(&review.note)
    .bind(&review.recorded_by)
    .bind(review.recorded_at)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
