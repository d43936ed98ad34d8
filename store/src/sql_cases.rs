//! Cases on SQL: a family's referral, its children and the people with parental responsibility.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::sql_meetings::{meeting_from, MEETING_COLUMNS};
use super::SqlStore;
use crate::model::{Case, CaseChild, Meeting, Offer, OfferAnswer, OfferDecision, OfferMethod, ParentalResponsibility, StaffRole, User};
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
            .map(|row| ParentalResponsibility { id: row.get("id"), name: row.get("name"), relationship: row.get("relationship") })
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
            sqlx::query(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE erased_at IS NULL ORDER BY created_at DESC, id"))
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
        rows.iter()
            .map(|row| {
                let method: String = row.get("method");
                let answer: String = row.get("answer");
                Ok(Offer {
                    id: row.get("id"),
                    case_id: row.get("case_id"),
                    parent_id: row.get("parent_id"),
                    offered_on: row.get("offered_on"),
                    method: OfferMethod::parse(&method)
                        .ok_or_else(|| StoreError::Corrupt(format!("offer method {method:?}")))?,
                    answer: OfferAnswer::parse(&answer)
                        .ok_or_else(|| StoreError::Corrupt(format!("offer answer {answer:?}")))?,
                    declined_reason: row.get("declined_reason"),
                    answered_on: row.get("answered_on"),
                    recorded_by: row.get("recorded_by"),
                    recorded_at: row.get("recorded_at"),
                })
            })
            .collect()
    }

    async fn offer_decisions(&self, case_id: &str) -> Result<Vec<OfferDecision>, StoreError> {
        let rows = sqlx::query("SELECT * FROM offer_decisions WHERE case_id = $1 ORDER BY decided_at, id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|row| OfferDecision {
                id: row.get("id"),
                case_id: row.get("case_id"),
                reason: row.get("reason"),
                decided_by: row.get("decided_by"),
                decided_at: row.get("decided_at"),
                approved_by: row.get("approved_by"),
                approved_at: row.get("approved_at"),
            })
            .collect())
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
        "INSERT INTO offer_decisions (id, case_id, reason, decided_by, decided_at, approved_by, approved_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&decision.id)
    .bind(&decision.case_id)
    .bind(&decision.reason)
    .bind(&decision.decided_by)
    .bind(decision.decided_at)
    .bind(&decision.approved_by)
    .bind(decision.approved_at)
    .execute(&mut **transaction)
    .await?;
    Ok(())
}
