//! `kinplan sar`: the operator's subject access export (the domain's `subject_access::export`,
//! audited as the operator), written to a file that only its owner can read.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{bail, Context};

use crate::config::SarArgs;
use crate::domain::subject_access::{self, PersonRef, SubjectAccessRequest};
use crate::domain::{Actor, DomainError};
use crate::operator::open_domain;

pub async fn sar(args: SarArgs) -> anyhow::Result<()> {
    check_out(&args.out, args.force)?;
    let person = args.person.trim();
    if person.is_empty() {
        bail!("give --person: a participant id, or a staff member's email");
    }
    let person_ref = if person.contains('@') {
        PersonRef::Staff(person.to_owned())
    } else {
        PersonRef::Participant(person.to_owned())
    };
    let (domain, _) = open_domain(&args.database).await?;
    let request = SubjectAccessRequest { person: person_ref, consented: args.consented };
    let archive = match subject_access::export(&domain, &Actor::operator(), &request).await {
        Ok(archive) => archive,
        Err(DomainError::NotFound(_)) if person.contains('@') => bail!(
            "there is no staff account {person}: give the email a staff member signs in with, or a participant id"
        ),
        Err(DomainError::NotFound(_)) => bail!(
            "there is no participant {person}: give a participant id (as a meeting's people list or `kinplan link \
             create --json` shows it), or a staff member's email"
        ),
        Err(other) => return Err(other.into()),
    };
    write_private(&args.out, &archive.bytes, args.force)?;
    println!(
        "wrote the subject access export for {person} to {} ({} items, {} bytes)",
        args.out.display(),
        archive.items,
        archive.bytes.len()
    );
    Ok(())
}

/// Refuses an output path that cannot be written as asked, saying what to give instead.
fn check_out(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.as_os_str().is_empty() {
        bail!("give --out: the path of the archive to write, such as subject-access.zip");
    }
    if out.is_dir() {
        bail!(
            "{} is a folder: give the path of the archive to write in it, such as {}",
            out.display(),
            out.join("subject-access.zip").display()
        );
    }
    if out.exists() && !force {
        bail!("{} exists already: give another path, or add --force to replace it", out.display());
    }
    let folder = out.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !folder.is_dir() {
        bail!("the folder {} does not exist: make it first, or give a path in a folder that exists", folder.display());
    }
    Ok(())
}

/// Writes `bytes` to `out`, readable by its owner alone (the archive is personal data), through a
/// file beside it that is renamed into place, so that a half-written archive is never left.
fn write_private(out: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    let written = (|| -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(error).with_context(|| format!("writing {}", partial.display()));
    }
    if !force && out.exists() {
        let _ = std::fs::remove_file(&partial);
        bail!("{} exists already: give another path, or add --force to replace it", out.display());
    }
    std::fs::rename(&partial, out).with_context(|| format!("moving the archive into place at {}", out.display()))
}
