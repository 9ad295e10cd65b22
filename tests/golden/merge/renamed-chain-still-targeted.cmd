rename-dnat.rules
