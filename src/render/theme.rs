//! The theme: the default theme embedded in the binary, overridden file by file by the site's
//! `themes/<name>/` folder.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default/`, embedded so that `prepbook build` works in any folder.
pub(crate) const DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "LICENSE-mermaid.txt",
    "archetypes/checklist.md",
    "archetypes/comparison.md",
    "archetypes/framework.md",
    "templates/404.html",
    "templates/base.html",
    "templates/checklists.html",
    "templates/guide.html",
    "templates/index.html",
    "templates/my-prep.html",
    "templates/partials/guide-list.html",
    "templates/partials/pager.html",
    "templates/partials/toc.html",
    "templates/practice.html",
    "templates/redirect.html",
    "templates/section.html",
    "templates/tag.html",
    "templates/tags.html",
    "static/checklist.js",
    "static/diagrams.js",
    "static/favicon.svg",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/abnfDiagram-PAR5IXJI.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/architecture-7GRP2DOG-M7G3SWCO.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/architectureDiagram-2PNWDENW.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/blockDiagram-PUWGUBOA.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/c4Diagram-3NLNHZP5.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-2NMSUPJH.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-32MCUW2P.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-3NPNU5GP.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-3SMGFRGC.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-4CAJECRU.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-4OADUZ5Q.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-5IMINLNL.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-5IQCK5RY.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-5MVFYWFU.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-AQ6EADP3.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-AZZRMDJM.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-CLS4B6BI.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-DZP67EKU.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-EICP7K5X.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-GDY2UAB4.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-H7VHZCWX.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-IJBDOHL6.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-JFFVMJIA.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-JQRUD6KW.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-JZGDI5JK.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-KD6SPIPN.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-NF366YI6.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-NUDPKBEF.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-OJINMHTS.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-Q6NGPIAH.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-QJSWEUOL.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-R7JDMUKV.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-RCXAM2GK.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-RT4MAWR3.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-SFMINX4W.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-SLDQ463B.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-STOV2HOB.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-T5OCTHI4.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-TCEHX7R3.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-VQC2EELJ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-VRZKL3EH.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-VTHDQ7BV.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-VY2OSTJR.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-WUBWJARI.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-YBMQ5JGJ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-YDMLL4PJ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-Z6V44ARX.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-ZJJ7VQJP.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-ZNLK7HRR.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-ZQN7UHIL.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-ZS6VBONO.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/chunk-ZUNWM646.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/classDiagram-FGAMPOII.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/classDiagram-v2-AI5RJEK4.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/cose-bilkent-Q72C2OJ3.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/cynefin-OW5HDTMX-6OCTWOGG.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/cynefinDiagram-2OOWUY4M.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/dagre-MPVFI544.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/diagram-AE4NWXFW.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/diagram-BUJID5UG.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/diagram-C44CZ5NI.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/diagram-EYOLEXXS.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/diagram-P7B6PWOJ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/ebnfDiagram-FTPZ3PV6.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/erDiagram-H3ERR26V.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/eventmodeling-NTZA5JFV-WKSWQHFS.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/flowDiagram-YHGXBVSY.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/ganttDiagram-RWFTB7ED.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/gitGraph-4MIJSDKK-JH2HKYUO.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/gitGraphDiagram-MAR6GKOP.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/info-A6RAGUB7-3TX3OFWW.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/infoDiagram-LV547AFH.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/ishikawaDiagram-PUJQGNDS.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/journeyDiagram-EW5QJT4W.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/kanban-definition-JSQERAZB.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/katex-CZ4GXH2S.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/mindmap-definition-VBJCLQLM.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/packet-AYTQ26CC-MKII6P3Y.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/pegDiagram-7WILOQTJ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/pie-WAS4IAKB-6B4OPMJ5.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/pieDiagram-EFA7CBSB.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/quadrantDiagram-WARVYA7P.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/radar-RG4KPBEZ-UPTR3XUL.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/railroad-74A4TZTK-MEFUPFMS.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/railroad-abnf-HS5TGJTU-R5YG2S5D.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/railroad-ebnf-LZEXJU2U-G5QEX2L6.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/railroad-peg-WCYAUIDC-H5I2ZRY2.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/railroadDiagram-5NIQVNLQ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/requirementDiagram-SXREGOKZ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/sankeyDiagram-VV74M2VP.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/sequenceDiagram-52ZFIFDL.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/sizeCapture-FGA5AGYP.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/stateDiagram-3QAKPIVI.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/stateDiagram-v2-HN2P4RDZ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/swimlanes-QLVP42QD.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/swimlanesDiagram-JKPDBFCN.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/timeline-definition-GS45XAXW.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/treeView-Q6P3EWNA-ZRJGANNQ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/treemap-WGGIJYW6-K64VN5AS.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/vennDiagram-QIQU2ZRJ.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/wardley-WFR3VGLG-D67OWCCH.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/wardleyDiagram-U6YNM66N.mjs",
    "static/mermaid-11.17.2/chunks/mermaid.esm.min/xychartDiagram-XJAZEDNM.mjs",
    "static/mermaid-11.17.2/mermaid.esm.min.mjs",
    "static/practice.css",
    "static/practice.js",
    "static/search.js",
    "static/site.js",
    "static/style.css",
];

/// The theme files in effect: theme-relative path → bytes, defaults first, overrides on top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Theme {
    /// Templates by name relative to `templates/`, overrides included.
    pub templates: BTreeMap<String, Cow<'static, str>>,
    /// The default templates, always available as `default/<name>` so that an override can
    /// extend the file it replaces.
    pub default_templates: BTreeMap<String, Cow<'static, str>>,
    /// Static files by path relative to `static/`.
    pub statics: BTreeMap<String, Cow<'static, [u8]>>,
    /// Guide skeletons for `prepbook new`, by kind (`framework.md` → `framework`).
    pub archetypes: BTreeMap<String, String>,
}

impl Theme {
    /// The default theme with the files of `dir` (if it exists) laid over it.
    pub(crate) fn load(dir: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme::default();
        for (path, bytes) in DEFAULT_FILES {
            theme.add(path, Cow::Borrowed(bytes), true)?;
        }
        if !dir.is_dir() {
            if name != "default" {
                bail!(
                    "theme `{name}` not found: there is no folder {}",
                    dir.display()
                );
            }
            return Ok(theme);
        }
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read theme {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(dir)
                .context("theme file outside its folder")?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            theme
                .add(&relative, Cow::Owned(bytes), false)
                .with_context(|| format!("in {}", entry.path().display()))?;
        }
        Ok(theme)
    }

    fn add(&mut self, path: &str, bytes: Cow<'static, [u8]>, default: bool) -> Result<()> {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = match bytes {
                Cow::Borrowed(b) => {
                    Cow::Borrowed(std::str::from_utf8(b).context("template is not valid UTF-8")?)
                }
                Cow::Owned(b) => {
                    Cow::Owned(String::from_utf8(b).context("template is not valid UTF-8")?)
                }
            };
            if default {
                self.default_templates.insert(name.to_owned(), text.clone());
            }
            self.templates.insert(name.to_owned(), text);
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.insert(name.to_owned(), bytes);
        } else if let Some(kind) = path
            .strip_prefix("archetypes/")
            .and_then(|name| name.strip_suffix(".md"))
        {
            let text =
                String::from_utf8(bytes.into_owned()).context("archetype is not valid UTF-8")?;
            self.archetypes.insert(kind.to_owned(), text);
        }
        // Anything else in a theme folder (README, licence) is not output.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table must list every file of themes/default/, or a theme file would silently be
    /// missing from the binary.
    #[test]
    fn default_table_lists_every_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = DEFAULT_FILES.iter().map(|(p, _)| p.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
    }

    #[test]
    fn a_single_file_overrides_its_default_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/guide.html"), "mine").unwrap();
        let theme = Theme::load(dir.path(), "custom").unwrap();
        assert_eq!(theme.templates["guide.html"], "mine");
        assert_ne!(theme.default_templates["guide.html"], "mine");
        assert_eq!(
            theme.templates["base.html"],
            theme.default_templates["base.html"]
        );
    }

    #[test]
    fn a_named_theme_must_exist() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Theme::load(&dir.path().join("nope"), "nope").is_err());
        assert!(Theme::load(&dir.path().join("default"), "default").is_ok());
    }
}
