"""The work screens, one module per screen or group of actions."""
