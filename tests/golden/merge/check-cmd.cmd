check-cmd.rules
