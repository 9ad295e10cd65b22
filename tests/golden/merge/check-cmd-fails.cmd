check-cmd-fails.rules
