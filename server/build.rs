//! Builds the web app (`web/`, with npm) and hands its bundle to the server, which embeds it, so
//! `cargo run -- serve` on a fresh machine serves the app with nothing else to start.
//!
//! `KINPLAN_WEB_DIST=DIR` uses a bundle built elsewhere instead. When `web/` has no
//! `package.json`, its `index.html` alone is served.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let web = manifest.join("../web");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("web");
    for watched in
        ["src", "index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json", "public"]
    {
        println!("cargo:rerun-if-changed=../web/{watched}");
    }
    println!("cargo:rerun-if-env-changed=KINPLAN_WEB_DIST");

    let bundle = if let Ok(dist) = std::env::var("KINPLAN_WEB_DIST") {
        PathBuf::from(dist)
    } else if web.join("package.json").exists() {
        build_web_app(&web);
        web.join("dist")
    } else {
        web.clone()
    };
    let _ = std::fs::remove_dir_all(&out);
    copy_tree(&bundle, &out, bundle == web).unwrap_or_else(|error| {
        panic!("copying the web app from {} failed: {error}", bundle.display());
    });
    println!("cargo:rustc-env=KINPLAN_WEB_BUNDLE={}", out.display());
}

fn build_web_app(web: &Path) {
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let run = |args: &[&str]| -> Result<(), String> {
        let status = Command::new(npm)
            .args(args)
            .current_dir(web)
            .status()
            .map_err(|error| format!("could not run npm ({error}); the web app needs Node 20 and npm"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`npm {}` in web/ failed ({status})", args.join(" ")))
        }
    };
    let built = (|| {
        if !web.join("node_modules").exists() {
            run(&["ci", "--no-audit", "--no-fund"])?;
        }
        run(&["run", "build"])
    })();
    if let Err(problem) = built {
        if web.join("dist/index.html").exists() {
            // A developer mid-change keeps a working server; CI builds the app on its own and fails.
            println!("cargo:warning={problem}; serving the web app built before");
        } else {
            panic!("{problem}. Install Node 20 and npm, or set KINPLAN_WEB_DIST to a built bundle.");
        }
    }
}

/// Copies `from` into `to`. From the bare `web/` folder only its `index.html` is taken.
fn copy_tree(from: &Path, to: &Path, only_index: bool) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    if only_index {
        std::fs::copy(from.join("index.html"), to.join("index.html"))?;
        return Ok(());
    }
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target, false)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
