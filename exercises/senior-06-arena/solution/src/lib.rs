//! The tasks of a build and what each one waits for.
//!
//! The graph owns every task in one vector (an arena); a task is named by its index, a `TaskId`,
//! and links in both directions are plain lists of ids. Nothing is shared or reference-counted, so
//! there is no run-time borrow to fail, no cycle of owners to leak, and the borrow checker sees
//! exactly who mutates what.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

/// Names a task of one [`TaskGraph`]. Ids follow creation order: the first task created has the
/// smallest id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(usize);

/// Why [`TaskGraph::build_order`] found no order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Every task that cannot be ordered, in id order.
    pub stuck: Vec<TaskId>,
}

#[derive(Debug)]
struct Task {
    /// The tasks this one waits for, in the order they were added.
    depends_on: Vec<TaskId>,
    /// The tasks waiting for this one, in the order they were added.
    needed_by: Vec<TaskId>,
}

/// A dependency graph of build tasks.
#[derive(Debug, Default)]
pub struct TaskGraph {
    /// Indexed by `TaskId`; tasks are never removed, so every id handed out stays valid.
    tasks: Vec<Task>,
    /// Each task's id by its name, so adding or finding a task by name takes the same time
    /// however many tasks there are.
    by_name: HashMap<String, TaskId>,
    /// Every dependency recorded, as (task, on): a repeat is found in the same time however many
    /// dependencies a task has.
    links: HashSet<(TaskId, TaskId)>,
}

impl TaskGraph {
    /// A graph with no tasks.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of tasks.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether the graph has no tasks.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Adds a task named `name` and returns its id; a name already in the graph gives the id it
    /// already has.
    pub fn add_task(&mut self, name: &str) -> TaskId {
        if let Some(id) = self.find(name) {
            return id;
        }
        let id = TaskId(self.tasks.len());
        self.tasks.push(Task { depends_on: Vec::new(), needed_by: Vec::new() });
        self.by_name.insert(name.to_owned(), id);
        id
    }

    /// The id of the task named `name`.
    pub fn find(&self, name: &str) -> Option<TaskId> {
        self.by_name.get(name).copied()
    }

    /// Records that `task` can only start once `on` is done. Recording it again changes nothing.
    ///
    /// # Panics
    ///
    /// If either id does not belong to this graph.
    pub fn add_dependency(&mut self, task: TaskId, on: TaskId) {
        assert!(task.0 < self.tasks.len(), "{task:?} is not a task of this graph");
        assert!(on.0 < self.tasks.len(), "{on:?} is not a task of this graph");
        if !self.links.insert((task, on)) {
            return;
        }
        self.tasks[task.0].depends_on.push(on);
        // A separate, later borrow: fine even when `task == on`.
        self.tasks[on.0].needed_by.push(task);
    }

    /// The tasks `task` waits for directly, in the order they were added.
    pub fn dependencies(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].depends_on.clone()
    }

    /// The tasks waiting directly for `task`, in the order they were added.
    pub fn dependents(&self, task: TaskId) -> Vec<TaskId> {
        self.tasks[task.0].needed_by.clone()
    }

    /// Every task that must be done before `task` can start, directly or not, in id order.
    /// `task` itself is among them only when it depends on itself through a cycle.
    ///
    /// An explicit stack and a visited flag per task: each task is expanded once, so cycles end
    /// and shared dependencies are not walked again, and a long chain cannot overflow the stack.
    pub fn all_dependencies(&self, task: TaskId) -> Vec<TaskId> {
        let mut found = vec![false; self.tasks.len()];
        let mut to_visit = self.tasks[task.0].depends_on.clone();
        while let Some(id) = to_visit.pop() {
            if !found[id.0] {
                found[id.0] = true;
                to_visit.extend_from_slice(&self.tasks[id.0].depends_on);
            }
        }
        found.iter().enumerate().filter(|(_, &found)| found).map(|(index, _)| TaskId(index)).collect()
    }

    /// Every task, each after all the tasks it depends on; when several tasks could come next,
    /// the one created first does.
    ///
    /// Kahn's algorithm, with the ready tasks in a min-heap so the smallest id goes first.
    pub fn build_order(&self) -> Result<Vec<TaskId>, CycleError> {
        let mut waiting_for: Vec<usize> = self.tasks.iter().map(|task| task.depends_on.len()).collect();
        let mut ready: BinaryHeap<Reverse<TaskId>> = (0..self.tasks.len())
            .filter(|&index| waiting_for[index] == 0)
            .map(|index| Reverse(TaskId(index)))
            .collect();
        let mut order = Vec::with_capacity(self.tasks.len());
        while let Some(Reverse(id)) = ready.pop() {
            order.push(id);
            for &waiting in &self.tasks[id.0].needed_by {
                waiting_for[waiting.0] -= 1;
                if waiting_for[waiting.0] == 0 {
                    ready.push(Reverse(waiting));
                }
            }
        }
        if order.len() == self.tasks.len() {
            Ok(order)
        } else {
            // Whatever still waits is on a cycle or behind one.
            let stuck = (0..self.tasks.len()).filter(|&index| waiting_for[index] > 0).map(TaskId).collect();
            Err(CycleError { stuck })
        }
    }
}
