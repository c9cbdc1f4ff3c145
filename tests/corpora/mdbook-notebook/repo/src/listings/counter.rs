use std::fmt;

// ANCHOR: counter
/// Counts what it is shown.
pub struct Counter {
    seen: u32,
}
// ANCHOR_END: counter

// ANCHOR: display
impl fmt::Display for Counter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "seen {} times", self.seen)
    }
}
// ANCHOR_END: display

fn main() {
    let counter = Counter { seen: 3 };
    println!("{counter}");
}
