family-ip6-header.in
