//! The hot path is compiled for the caller's own shape type (a generic, possibly `?Sized`), so a
//! concrete shape is measured with static dispatch. A `&dyn Shape` parameter cannot be used as a
//! function over `&Circle`.

use mid_07_generics_vs_dyn::{covered_cells, Circle, Rect};

fn main() {
    let for_circles: fn(&Circle, u32, u32) -> u32 = covered_cells;
    let for_rects: fn(&Rect, u32, u32) -> u32 = covered_cells;
    let circle = Circle { x: 1.0, y: 1.0, radius: 1.0 };
    let rect = Rect { x: 0.0, y: 0.0, width: 2.0, height: 2.0 };
    println!("{} {}", for_circles(&circle, 2, 2), for_rects(&rect, 2, 2));
}
