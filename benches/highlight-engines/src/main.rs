// Highlights every fenced block of the Markdown files under a folder, as prepbook does
// (classed HTML, two-face's syntaxes), and prints the time and output size.
use std::time::Instant;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::util::LinesWithEndings;

fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(lang) = line.strip_prefix("```") {
            let mut code = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                code.push_str(l);
                code.push('\n');
            }
            out.push((lang.trim().to_owned(), code));
        }
    }
    out
}

fn main() {
    let dir = std::env::args().nth(1).expect("folder");
    let mut all = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                stack.push(e)
            } else if e.extension().is_some_and(|x| x == "md") {
                all.extend(blocks(&std::fs::read_to_string(&e).unwrap()));
            }
        }
    }
    let mut distinct: Vec<_> = all.clone();
    distinct.sort();
    distinct.dedup();
    let t = Instant::now();
    let set = two_face::syntax::extra_newlines();
    let load = t.elapsed();
    let t = Instant::now();
    let mut bytes = 0;
    for (lang, code) in &distinct {
        let Some(syntax) = set.find_syntax_by_token(lang) else {
            continue;
        };
        let mut g = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            &set,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            g.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        bytes += g.finalize().len();
    }
    println!(
        "{} blocks ({} distinct): load {:?}, highlight {:?}, {} bytes of HTML",
        all.len(),
        distinct.len(),
        load,
        t.elapsed(),
        bytes
    );
}
