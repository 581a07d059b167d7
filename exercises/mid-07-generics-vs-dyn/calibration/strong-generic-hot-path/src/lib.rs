//! Shapes on a canvas: a drawing that holds them, and the hit test the renderer runs every frame.

use std::f64::consts::PI;

/// Something that can be drawn on the canvas. Coordinates grow to the right (x) and up (y).
pub trait Shape {
    /// A short name for the shape, such as `"circle"`.
    fn name(&self) -> &str;
    /// The area the shape covers.
    fn area(&self) -> f64;
    /// Whether the point `(x, y)` lies inside the shape or on its edge.
    fn contains(&self, x: f64, y: f64) -> bool;
}

/// A circle, given by its centre and radius.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circle {
    pub x: f64,
    pub y: f64,
    pub radius: f64,
}

impl Shape for Circle {
    fn name(&self) -> &str {
        "circle"
    }

    fn area(&self) -> f64 {
        PI * self.radius * self.radius
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        let (dx, dy) = (x - self.x, y - self.y);
        dx * dx + dy * dy <= self.radius * self.radius
    }
}

/// A rectangle with its sides along the axes, given by its lower-left corner and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Shape for Rect {
    fn name(&self) -> &str {
        "rect"
    }

    fn area(&self) -> f64 {
        self.width * self.height
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        self.x <= x && x <= self.x + self.width && self.y <= y && y <= self.y + self.height
    }
}

/// Counts the cells of a `width` × `height` grid of unit cells whose centre lies in `shape`. The
/// cell in column `i` and row `j` has its centre at `(i + 0.5, j + 0.5)`.
///
/// The renderer calls this for every shape on every frame: it is the hot path. It is therefore
/// generic, so each concrete shape type gets its own copy with `contains` called statically (and
/// usually inlined into the loop). `?Sized` lets `S` be `dyn Shape` too, so a shape taken out of a
/// [`Drawing`] can be measured as it is, one virtual call per cell, without boxing or copying it.
///
/// The count is a `u32`, like the grid's sides: a grid of more than `u32::MAX` covered cells
/// overflows it.
pub fn covered_cells<S>(shape: &S, width: u32, height: u32) -> u32
where
    S: Shape + ?Sized,
{
    let centre = |k: u32| f64::from(k) + 0.5;
    (0..height)
        .map(centre)
        .flat_map(|y| (0..width).map(centre).map(move |x| u32::from(shape.contains(x, y))))
        .sum()
}

/// The shapes of one drawing, in the order they were added. A shape added later is drawn on top
/// of the shapes added before it.
///
/// A picture mixes shape types, including ones this crate does not know, so the shapes are kept
/// as trait objects: one allocation per shape when it is added, and a virtual call per method.
#[derive(Default)]
pub struct Drawing {
    /// Bottom first.
    shapes: Vec<Box<dyn Shape>>,
}

impl Drawing {
    /// An empty drawing.
    pub fn new() -> Self {
        Drawing::default()
    }

    /// Adds `shape` on top of the drawing.
    pub fn add<S>(&mut self, shape: S)
    where
        S: Shape + 'static,
    {
        self.shapes.push(Box::new(shape));
    }

    /// How many shapes the drawing holds.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether the drawing holds no shape.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// The names of the shapes, bottom first.
    pub fn names(&self) -> Vec<&str> {
        self.shapes.iter().map(|shape| shape.name()).collect()
    }

    /// The areas of all the shapes added up (where shapes overlap, each one counts); 0 when the
    /// drawing is empty.
    pub fn total_area(&self) -> f64 {
        self.shapes.iter().map(|shape| shape.area()).sum()
    }

    /// The topmost shape that contains the point `(x, y)`, if any.
    pub fn shape_at(&self, x: f64, y: f64) -> Option<&dyn Shape> {
        self.shapes.iter().rev().map(Box::as_ref).find(|shape| shape.contains(x, y))
    }
}
