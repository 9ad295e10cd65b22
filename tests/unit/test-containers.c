/* Suite for src/containers.c and grammar/container-rules.def: each pattern
 * compiles and matches its example; the containers' rules of the Docker
 * dumps (tests/data/docker-refs, verbatim) are all matched, Docker's own
 * rules never. */
#include "config.h"

#include <string.h>

#include "containers.h"
#include "regex.h"
#include "suites.h"

/* A container's rules, one of each shape in the dumps (20.10, 28.0, 28.5,
 * 29; IPv4 and IPv6), plus the sample's 2015 dump. */
static const char *const ipm_test_container_lines[] = {
  "-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER -d 172.18.0.2/32 ! -i br-4854a672b83c -o br-4854a672b83c -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER -d 192.0.2.2/32 ! -i bridge1 -o bridge1 -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER -d fd00:dead:beef::242:ac11:2/128 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER -d fd49:efd7:54aa::1/128 ! -i br-dummy -o br-dummy -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER -s 172.17.0.3/32 -d 172.17.0.2/32 -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT",
  "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
  "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 3001 -j DNAT --to-destination 172.17.0.1:80",
  "-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.0.2.2:80",
  "-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
  "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd00:dead:beef::242:ac11:2]:80",
  "-A DOCKER ! -s fe80::/10 ! -i br-dummy -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd49:efd7:54aa::1]:80",
  "-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP",
  "-A PREROUTING -d 10.99.0.2/32 ! -i docker0 -j DROP",
  "-A PREROUTING -d 192.0.2.2/32 ! -i bridge1 -p tcp -m tcp --dport 80 -j DROP",
  "-A PREROUTING -d fd49:efd7:54aa::1/128 ! -i br-dummy -j DROP",
  "-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
  "-A POSTROUTING -s 192.0.2.2/32 -d 192.0.2.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
  "-A POSTROUTING -s fd00:dead:beef::242:ac11:2/128 -d fd00:dead:beef::242:ac11:2/128 -p tcp -m tcp --dport 80 -j MASQUERADE",
};

/* Docker's own rules, every shape in the same dumps, and a few an
 * administrator puts next to them. */
static const char *const ipm_test_docker_lines[] = {
  "-A FORWARD -j DOCKER-USER",
  "-A FORWARD -j DOCKER-FORWARD",
  "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
  "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "-A FORWARD -o docker0 -j DOCKER",
  "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
  "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
  "-A FORWARD -i docker0 -j ACCEPT",
  "-A FORWARD -i bridgeNoICC -o bridgeNoICC -j DROP",
  "-A FORWARD -m set --match-set docker-ext-bridges-v4 dst -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "-A FORWARD -m set --match-set docker-ext-bridges-v4 dst -j DOCKER",
  "-A DOCKER ! -i docker0 -o docker0 -j DROP",
  "-A DOCKER -i docker0 -j RETURN",
  "-A DOCKER-BRIDGE -o docker0 -j DOCKER",
  "-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "-A DOCKER-FORWARD -j DOCKER-CT",
  "-A DOCKER-FORWARD -j DOCKER-INTERNAL",
  "-A DOCKER-FORWARD -j DOCKER-BRIDGE",
  "-A DOCKER-FORWARD -i bridge1 -o bridge1 -j DROP",
  "-A DOCKER-FORWARD -i bridge1 ! -o bridge1 -j ACCEPT",
  "-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
  "-A DOCKER-ISOLATION-STAGE-1 ! -s 172.19.0.0/16 -o br-f1a0fd8b15f5 -j DROP",
  "-A DOCKER-ISOLATION-STAGE-1 ! -d 172.19.0.0/16 -i br-f1a0fd8b15f5 -j DROP",
  "-A DOCKER-ISOLATION-STAGE-1 -j RETURN",
  "-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
  "-A DOCKER-INTERNAL ! -s 198.51.100.0/24 -o bridgeNoICC -j DROP",
  "-A DOCKER-INTERNAL ! -d 192.0.2.0/24 -i bridgeICC -j DROP",
  "-A DOCKER-USER -j RETURN",
  "-A DOCKER-USER -s 203.0.113.7/32 -j DROP",
  "-A DOCKER-USER -d 172.17.0.2/32 -p tcp -m tcp --dport 22 -j DROP",
  "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
  "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
  "-A OUTPUT ! -d ::1/128 -m addrtype --dst-type LOCAL -j DOCKER",
  "-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER",
  "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
  "-A POSTROUTING -s fd00:dead:beef::/64 ! -o docker0 -j MASQUERADE",
  "-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE",
  "-A POSTROUTING -s 10.0.0.5/32 -d 10.0.0.6/32 -j MASQUERADE",
  "-A PREROUTING -d 203.0.113.5/32 -i eth0 -j DROP",
  ":DOCKER - [0:0]",
};

static IpmRegexList *
ipm_test_container_list (void)
{
  g_autoptr(GPtrArray) skip = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  IpmRegexList *list;

  ipm_containers_add_skips (skip);
  list = ipm_regex_list_new (skip, "--skip-containers", &error);
  CU_ASSERT_PTR_NULL (error);
  return list;
}

static void
test_rows_compile_and_match_their_example (void)
{
  gsize n;
  const IpmContainerRule *rules = ipm_containers_rules (&n);
  g_autoptr(GPtrArray) skip = g_ptr_array_new ();

  CU_ASSERT_TRUE (n >= 4);
  ipm_containers_add_skips (skip);
  CU_ASSERT_EQUAL (skip->len, n);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_autoptr(IpmRegexList) list = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_add (one, (gpointer) rules[i].pattern);
      list = ipm_regex_list_new (one, rules[i].name, &error);
      CU_ASSERT_PTR_NOT_NULL_FATAL (list);
      CU_ASSERT_TRUE (ipm_regex_list_match (list, rules[i].example));
      CU_ASSERT_PTR_EQUAL (g_ptr_array_index (skip, i), rules[i].pattern);
      /* anchored: a pattern found mid-line would catch Docker's own rules */
      CU_ASSERT_TRUE (rules[i].pattern[0] == '^');
      for (gsize j = 0; j < i; j++)
        CU_ASSERT_STRING_NOT_EQUAL (rules[i].name, rules[j].name);
    }
}

static void
test_container_rules_matched (void)
{
  g_autoptr(IpmRegexList) list = ipm_test_container_list ();

  CU_ASSERT_PTR_NOT_NULL_FATAL (list);
  for (gsize i = 0; i < G_N_ELEMENTS (ipm_test_container_lines); i++)
    if (!ipm_regex_list_match (list, ipm_test_container_lines[i]))
      CU_FAIL (ipm_test_container_lines[i]);
}

static void
test_docker_rules_kept (void)
{
  g_autoptr(IpmRegexList) list = ipm_test_container_list ();

  CU_ASSERT_PTR_NOT_NULL_FATAL (list);
  for (gsize i = 0; i < G_N_ELEMENTS (ipm_test_docker_lines); i++)
    if (ipm_regex_list_match (list, ipm_test_docker_lines[i]))
      CU_FAIL (ipm_test_docker_lines[i]);
}

static const CU_TestInfo ipm_containers_tests[] = {
  { "rows compile and match their example", test_rows_compile_and_match_their_example },
  { "containers' rules are matched", test_container_rules_matched },
  { "Docker's own rules are not", test_docker_rules_kept },
  CU_TEST_INFO_NULL,
};

CU_ErrorCode
ipm_test_add_containers (void)
{
  return ipm_test_add_suite ("containers", ipm_containers_tests);
}
