"""The portal's one audit trail: `log_action()` records who did what to which object, when,
and which fields changed from what to what. Every service that changes state calls it."""
