//! Shared helpers of the conformance harness; the tests live in `tests/tests/`.
