//! The comparison table: one row per figure, one column per system, and kinplan's figure over the
//! best peer's; plus how numbers are written in it.

use crate::servers::System;

/// Which way a figure is better, which decides the best peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Lower,
    Higher,
    /// Counts and checks: no ratio.
    Neither,
}

#[derive(Debug, Clone)]
pub enum Cell {
    Number {
        value: f64,
        shown: String,
    },
    Text(String),
    /// The figure does not exist for this system; the text says why.
    NotApplicable(String),
    Failed(String),
}

impl Cell {
    pub fn number(value: f64, shown: String) -> Cell {
        Cell::Number { value, shown }
    }

    fn value(&self) -> Option<f64> {
        match self {
            Cell::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    fn shown(&self) -> String {
        match self {
            Cell::Number { shown, .. } => shown.clone(),
            Cell::Text(text) | Cell::NotApplicable(text) => text.clone(),
            Cell::Failed(error) => {
                let mut short: String = error.chars().take(60).collect();
                if short.len() < error.len() {
                    short.push('…');
                }
                format!("failed: {short}")
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub figure: String,
    pub better: Better,
    pub cells: Vec<(System, Cell)>,
    /// For a latency row, the floor under storage at this percentile (the disk's fsync; zero
    /// for what is never stored): the row's limit is the relay's figure plus this.
    pub storage_floor: Option<f64>,
}

impl Row {
    /// Builds a row from each system's result of one scenario.
    pub fn from_results<R>(
        figure: impl Into<String>,
        better: Better,
        results: &[(System, Result<R, String>)],
        cell: impl Fn(&R) -> Cell,
    ) -> Row {
        Row {
            figure: figure.into(),
            better,
            storage_floor: None,
            cells: results
                .iter()
                .map(|(system, result)| {
                    let value = match result {
                        Ok(outcome) => cell(outcome),
                        Err(error) => Cell::Failed(error.clone()),
                    };
                    (*system, value)
                })
                .collect(),
        }
    }

    pub fn with_cells(figure: impl Into<String>, better: Better, cells: Vec<(System, Cell)>) -> Row {
        Row { figure: figure.into(), better, cells, storage_floor: None }
    }

    /// Gives the row a limit: the relay's figure plus `storage_floor`.
    pub fn with_limit(mut self, storage_floor: Option<f64>) -> Row {
        self.storage_floor = storage_floor;
        self
    }

    /// What a durable server could at best do: the relay's figure plus the storage's floor.
    pub fn limit(&self) -> Option<f64> {
        Some(self.value_of(System::Relay)? + self.storage_floor?)
    }

    /// kinplan's figure over the limit.
    pub fn over_limit(&self) -> Option<f64> {
        let limit = self.limit()?;
        let kinplan = self.value_of(System::Kinplan)?;
        (limit > 0.0).then(|| kinplan / limit)
    }

    pub fn value_of(&self, system: System) -> Option<f64> {
        self.cells.iter().find(|(candidate, _)| *candidate == system).and_then(|(_, cell)| cell.value())
    }

    /// The best peer's figure, and which peer it is.
    pub fn best_peer(&self) -> Option<(System, f64)> {
        let peers = self
            .cells
            .iter()
            .filter(|(system, _)| system.is_peer())
            .filter_map(|(system, cell)| cell.value().map(|value| (*system, value)));
        match self.better {
            Better::Lower => peers.min_by(|a, b| a.1.total_cmp(&b.1)),
            Better::Higher => peers.max_by(|a, b| a.1.total_cmp(&b.1)),
            Better::Neither => None,
        }
    }

    /// kinplan's figure over the best peer's.
    pub fn ratio(&self) -> Option<f64> {
        let kinplan = self.value_of(System::Kinplan)?;
        let (_, best) = self.best_peer()?;
        (best != 0.0).then(|| kinplan / best)
    }
}

/// The rows of a run, for the systems it measured, in that order.
pub struct Table {
    pub systems: Vec<System>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("| figure |");
        for system in &self.systems {
            out.push_str(&format!(" {} |", system.label()));
        }
        out.push_str(" kinplan / best peer | limit (relay + fsync) | kinplan / limit |\n|---|");
        for _ in &self.systems {
            out.push_str("---|");
        }
        out.push_str("---|---|---|\n");
        for row in &self.rows {
            out.push_str(&format!("| {} |", row.figure));
            for system in &self.systems {
                let shown = row
                    .cells
                    .iter()
                    .find(|(candidate, _)| candidate == system)
                    .map_or_else(|| "—".to_owned(), |(_, cell)| cell.shown());
                out.push_str(&format!(" {shown} |"));
            }
            let ratio = row.ratio().map_or_else(String::new, |ratio| format!("{ratio:.2}×"));
            let limit = row.limit().map_or_else(String::new, milliseconds);
            let over_limit = row.over_limit().map_or_else(String::new, |ratio| format!("{ratio:.2}×"));
            out.push_str(&format!(" {ratio} | {limit} | {over_limit} |\n"));
        }
        out
    }
}

/// Milliseconds with as many decimals as matter at that size.
pub fn milliseconds(value: f64) -> String {
    if value < 10.0 {
        format!("{value:.2} ms")
    } else if value < 100.0 {
        format!("{value:.1} ms")
    } else {
        format!("{} ms", count(value.round() as u64))
    }
}

pub fn kibibytes(value: f64) -> String {
    format!("{value:.1} KiB")
}

pub fn mebibytes_from_kib(kib: f64) -> String {
    format!("{:.1} MiB", kib / 1024.0)
}

pub fn percent(value: f64) -> String {
    format!("{value:.0} %")
}

/// A count with thousands separators, as the rest of the document writes them.
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut groups = Vec::new();
    let mut end = digits.len();
    while end > 3 {
        groups.push(&digits[end - 3..end]);
        end -= 3;
    }
    groups.push(&digits[..end]);
    groups.reverse();
    groups.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_compares_kinplan_with_the_best_peer() {
        let results: Vec<(System, Result<f64, String>)> =
            vec![(System::Kinplan, Ok(2.0)), (System::YWebsocket, Ok(8.0)), (System::Hocuspocus, Ok(4.0))];
        let lower = Row::from_results("t", Better::Lower, &results, |v| Cell::number(*v, v.to_string()));
        assert_eq!(lower.best_peer(), Some((System::Hocuspocus, 4.0)));
        assert_eq!(lower.ratio(), Some(0.5));
        let higher = Row::from_results("t", Better::Higher, &results, |v| Cell::number(*v, v.to_string()));
        assert_eq!(higher.ratio(), Some(0.25));
    }

    #[test]
    fn the_limit_is_the_relay_plus_the_storage_floor() {
        let results: Vec<(System, Result<f64, String>)> =
            vec![(System::Kinplan, Ok(3.0)), (System::Relay, Ok(1.0)), (System::YWebsocket, Ok(0.5))];
        let row = Row::from_results("t", Better::Lower, &results, |v| Cell::number(*v, v.to_string()));
        assert_eq!(row.limit(), None);
        // The relay is the floor, not a peer.
        assert_eq!(row.best_peer(), Some((System::YWebsocket, 0.5)));
        let row = row.with_limit(Some(0.5));
        assert_eq!(row.limit(), Some(1.5));
        assert_eq!(row.over_limit(), Some(2.0));
    }

    #[test]
    fn counts_have_separators() {
        assert_eq!(count(245_000), "245,000");
        assert_eq!(count(1_000_000), "1,000,000");
        assert_eq!(count(999), "999");
    }
}
