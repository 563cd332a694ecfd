-- =============================================================================================
-- Cloud metadata addresses are refused when a connection is saved, not only when it is probed.
--
-- Metadata services (169.254.169.254, metadata.google.internal, ...) hand out the credentials of
-- the machine that asks. The SSRF guard of the Edge Functions never contacts one, but a connection
-- pointing at one could still be stored. Now the database refuses to store one, in every spelling
-- that a URL parser turns into one, using the one list the guard and the form use
-- (supabase/functions/_shared/core/metadata-list.ts; private.cloud_metadata_hosts() holds the
-- same entries, and tests/integration/app/metadata-base-urls.test.ts fails when the two differ).
--
-- Why the database parses URLs itself: the Edge Functions (Deno's fetch) and the browser read a
-- URL's host with the WHATWG URL parser, which turns 2852039166, 0xa9fea9fe, 0251.0376.0251.0376,
-- 169.254.43518, %31%36%39.254.169.254 and １６９．２５４．１６９．２５４ into 169.254.169.254, and
-- METADATA.google.internal. into a metadata name. A check on the text as typed would miss all of
-- them, so private.url_host reads a host the way that parser does, as far as these cases go.
--
-- A trigger, not a check constraint: a check constraint would need EXECUTE on these functions for
-- every API role, and it would re-check rows saved before this migration on every cache update
-- (health, usage), which would make recording a probe of such a row fail.
--
-- Rows saved before this migration: they are turned off (nothing probes or lists a disabled
-- connection) and get a health check saying why, so their owners see it on the Connections page.
-- They are not deleted: the name, models and history stay, and the owner can fix the address or
-- delete the connection. Turning one back on without fixing its address is refused.
-- =============================================================================================

-- ---------------------------------------------------------------------------------------------
-- The list. Same entries as metadata-list.ts, in the same order; change both together.
-- ---------------------------------------------------------------------------------------------
create function private.cloud_metadata_hosts()
returns table (kind text, address text)
language sql
immutable
parallel safe
set search_path = ''
as $$
  values
    -- Names (subdomains of the dotted ones count too).
    ('name', 'metadata'),
    ('name', 'metadata.google.internal'),
    ('name', 'metadata.goog'),
    ('name', 'metadata.azure.internal'),
    ('name', 'instance-data'),
    ('name', 'instance-data.ec2.internal'),
    ('name', 'metadata.tencentyun.com'),
    ('name', 'metadata.packet.net'),
    -- IPv4 addresses (IPv6 forms that embed one count too).
    ('ipv4', '169.254.169.254'), -- AWS, GCP, Azure, OCI, DigitalOcean, OpenStack...
    ('ipv4', '169.254.170.2'),   -- AWS ECS task metadata and credentials
    ('ipv4', '169.254.170.23'),  -- AWS EKS Pod Identity agent
    ('ipv4', '100.100.100.200'), -- Alibaba Cloud
    ('ipv4', '192.0.0.192'),     -- Oracle Cloud (classic)
    ('ipv4', '168.63.129.16'),   -- Azure WireServer / host agent
    -- IPv6 addresses.
    ('ipv6', 'fd00:ec2::254'),   -- AWS IMDS over IPv6
    ('ipv6', 'fd00:ec2::23')     -- AWS EKS Pod Identity agent over IPv6
$$;
comment on function private.cloud_metadata_hosts() is
  'Cloud metadata names (kind name; subdomains of dotted names count too), IPv4 and IPv6 addresses that no connection may point at. The same entries as supabase/functions/_shared/core/metadata-list.ts, which an integration test compares with this.';

-- ---------------------------------------------------------------------------------------------
-- Reading a URL's host as the WHATWG URL parser does.
-- ---------------------------------------------------------------------------------------------

-- %XX sequences become the bytes they stand for, read as UTF-8. Null when they are not UTF-8 (or
-- decode to NUL): the URL parser refuses such a host.
create function private.percent_decode(input text)
returns text
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  bytes bytea := ''::bytea;
  at integer := 1;
  input_length integer := pg_catalog.length(input);
  one text;
begin
  if pg_catalog.strpos(input, '%') = 0 then
    return input;
  end if;
  while at <= input_length loop
    one := pg_catalog.substr(input, at, 1);
    if one = '%' and pg_catalog.substr(input, at + 1, 2) ~ '^[0-9A-Fa-f]{2}$' then
      bytes := bytes || pg_catalog.decode(pg_catalog.substr(input, at + 1, 2), 'hex');
      at := at + 3;
    else
      bytes := bytes || pg_catalog.convert_to(one, 'UTF8');
      at := at + 1;
    end if;
  end loop;
  return pg_catalog.convert_from(bytes, 'UTF8');
exception
  when character_not_in_repertoire or untranslatable_character then
    return null;
end;
$$;
comment on function private.percent_decode(text) is
  'Percent-decodes text and reads the bytes as UTF-8, as the URL parser does with a host; null when the bytes are not valid UTF-8.';

-- One part of an IPv4 host: 0x.. hex (0x alone is 0), 0.. octal, otherwise decimal. Null when the
-- part is not a number in its base.
create function private.ipv4_part(part text)
returns numeric
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  digits text := part;
  base integer := 10;
  value numeric := 0;
  digit integer;
begin
  if part = '' then
    return null;
  end if;
  if part ~* '^0x' then
    digits := pg_catalog.substr(part, 3);
    base := 16;
  elsif pg_catalog.length(part) > 1 and pg_catalog.left(part, 1) = '0' then
    digits := pg_catalog.substr(part, 2);
    base := 8;
  end if;
  if digits = '' then
    return 0;
  end if;
  if (base = 16 and digits !~* '^[0-9a-f]+$') or (base = 8 and digits !~ '^[0-7]+$') or (base = 10 and digits !~ '^[0-9]+$') then
    return null;
  end if;
  -- Anything above 2^32 is refused anyway; long runs of digits need not be added up.
  if pg_catalog.length(pg_catalog.ltrim(digits, '0')) > 12 then
    return 1099511627776;
  end if;
  for i in 1 .. pg_catalog.length(digits) loop
    digit := pg_catalog.strpos('0123456789abcdef', pg_catalog.lower(pg_catalog.substr(digits, i, 1))) - 1;
    value := value * base + digit;
  end loop;
  return value;
end;
$$;
comment on function private.ipv4_part(text) is
  'One part of an IPv4 host as the URL parser reads it (0x.. hex, 0.. octal, otherwise decimal); null when it is not a number.';

-- The dotted form of an IPv4 host written in 1 to 4 parts (127.1, 2130706433, 0x7f.0.0.1), the
-- last part filling the remaining bytes. Null when it is not a valid IPv4 address.
create function private.ipv4_host(labels text[])
returns text
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  part_count integer := pg_catalog.cardinality(labels);
  numbers numeric[] := '{}'::numeric[];
  number numeric;
  value numeric;
begin
  if part_count < 1 or part_count > 4 then
    return null;
  end if;
  foreach number in array (select pg_catalog.array_agg(private.ipv4_part(l) order by o) from pg_catalog.unnest(labels) with ordinality as u(l, o)) loop
    if number is null then
      return null;
    end if;
    numbers := numbers || number;
  end loop;
  for i in 1 .. part_count - 1 loop
    if numbers[i] > 255 then
      return null;
    end if;
  end loop;
  if numbers[part_count] >= 256::numeric ^ (5 - part_count) then
    return null;
  end if;
  value := numbers[part_count];
  for i in 1 .. part_count - 1 loop
    value := value + numbers[i] * 256::numeric ^ (4 - i);
  end loop;
  return pg_catalog.format('%s.%s.%s.%s', (value::bigint >> 24) & 255, (value::bigint >> 16) & 255, (value::bigint >> 8) & 255, value::bigint & 255);
end;
$$;
comment on function private.ipv4_host(text[]) is
  'The dotted form of an IPv4 host given as its dot-separated parts (1 to 4, decimal, octal or hex), or null when they are not an IPv4 address.';

-- The host of a URL as the WHATWG URL parser serializes it, for http(s) and the other special
-- schemes: IPv4 in dotted form, IPv6 in brackets (compressed, lower case), names percent-decoded,
-- NFKC-normalized (full-width characters become ASCII), ideographic full stops as dots, ignorable
-- code points removed and lower-cased. Null when there is no host or the parser would refuse it.
-- (IDNA is not applied beyond that: a name that stays non-ASCII can never be a metadata name.)
create function private.url_host(url text)
returns text
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  input text;
  parts text[];
  host text;
  bracketed text[];
  literal inet;
  labels text[];
  last_label text;
begin
  if url is null then
    return null;
  end if;
  -- The parser drops leading and trailing C0 controls and spaces, and every tab and newline.
  input := pg_catalog.regexp_replace(url, '^[\x01-\x20]+|[\x01-\x20]+$', '', 'g');
  input := pg_catalog.translate(input, E'\t\n\r', '');
  -- Special schemes skip any slashes and backslashes after the colon; the host part ends at the
  -- first of / \ ? #.
  parts := pg_catalog.regexp_match(input, '^([A-Za-z][A-Za-z0-9+.-]*):[/\\]*([^/\\?#]*)');
  if parts is null or pg_catalog.lower(parts[1]) not in ('http', 'https', 'ws', 'wss', 'ftp') then
    return null;
  end if;
  -- user:password@ ends at the last @; a port follows the first colon outside brackets.
  host := pg_catalog.regexp_replace(parts[2], '^.*@', '');

  if pg_catalog.left(host, 1) = '[' then
    bracketed := pg_catalog.regexp_match(host, '^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)\](:.*)?$');
    if bracketed is null then
      return null;
    end if;
    begin
      literal := bracketed[1]::inet;
    exception
      when invalid_text_representation then
        return null;
    end;
    if pg_catalog.family(literal) <> 6 then
      return null;
    end if;
    return '[' || pg_catalog.host(literal) || ']';
  end if;

  host := private.percent_decode(pg_catalog.split_part(host, ':', 1));
  if host is null then
    return null;
  end if;
  host := pg_catalog.normalize(host, 'NFKC');
  -- Code points UTS #46 ignores (soft hyphen, zero-width space, word joiner, variation selectors, BOM, ...).
  host := pg_catalog.regexp_replace(host,
    '[\u00AD\u034F\u180B-\u180D\u180F\u200B\u2060\u2064\uFE00-\uFE0F\uFEFF\U0001BCA0-\U0001BCA3\U000E0100-\U000E01EF]', '', 'g');
  -- NFKC turned U+FF0E into a dot and U+FF61 into U+3002; UTS #46 maps U+3002 to a dot too.
  host := pg_catalog.lower(pg_catalog.translate(host, U&'\3002', '.'));
  -- Forbidden domain code points make the URL invalid.
  if host = '' or host ~ '[\x01-\x20#%/:<>?@\[\\\]^|\x7f]' then
    return null;
  end if;

  -- A host whose last label is a number is an IPv4 address, or the URL is invalid.
  labels := pg_catalog.string_to_array(host, '.');
  if pg_catalog.cardinality(labels) > 1 and labels[pg_catalog.cardinality(labels)] = '' then
    labels := labels[1 : pg_catalog.cardinality(labels) - 1];
  end if;
  last_label := labels[pg_catalog.cardinality(labels)];
  if last_label ~ '^[0-9]+$' or last_label ~ '^0x[0-9a-f]*$' then
    return private.ipv4_host(labels);
  end if;
  return host;
end;
$$;
comment on function private.url_host(text) is
  'The host of an http(s) URL as the WHATWG URL parser (browsers, Deno''s fetch) serializes it: IPv4 in any spelling as a dotted quad, IPv6 bracketed, names percent-decoded, NFKC-normalized and lower-cased. Null when there is none or the parser would refuse it.';

-- The eight 16-bit words of an IPv6 address.
create function private.ipv6_words(address inet)
returns integer[]
language plpgsql
immutable
strict
parallel safe
set search_path = ''
as $$
declare
  text_form text := pg_catalog.host(address);
  dotted text[];
  head text[];
  tail text[];
  groups text[];
begin
  -- host() writes a dotted IPv4 tail for some forms (::ffff:169.254.169.254): two words.
  dotted := pg_catalog.regexp_match(text_form, '^(.*:)([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$');
  if dotted is not null then
    text_form := dotted[1]
      || pg_catalog.to_hex(dotted[2]::integer * 256 + dotted[3]::integer) || ':'
      || pg_catalog.to_hex(dotted[4]::integer * 256 + dotted[5]::integer);
  end if;
  if pg_catalog.strpos(text_form, '::') > 0 then
    head := pg_catalog.string_to_array(nullif(pg_catalog.split_part(text_form, '::', 1), ''), ':');
    tail := pg_catalog.string_to_array(nullif(pg_catalog.split_part(text_form, '::', 2), ''), ':');
    head := coalesce(head, '{}');
    tail := coalesce(tail, '{}');
    groups := head || pg_catalog.array_fill('0'::text, array[8 - pg_catalog.cardinality(head) - pg_catalog.cardinality(tail)]) || tail;
  else
    groups := pg_catalog.string_to_array(text_form, ':');
  end if;
  return (
    select pg_catalog.array_agg(('x' || pg_catalog.lpad(g, 8, '0'))::bit(32)::integer order by o)
      from pg_catalog.unnest(groups) with ordinality as u(g, o)
  );
end;
$$;
comment on function private.ipv6_words(inet) is
  'The eight 16-bit words of an IPv6 address, for reading the IPv4 address some forms embed.';

-- Is a host (as private.url_host returns it) a cloud metadata service? The same decision as
-- isMetadataHost in supabase/functions/_shared/core/metadata.ts: a listed name or a subdomain of a
-- dotted one, a listed address, or an IPv6 address that embeds a listed IPv4 address (mapped
-- ::ffff:a.b.c.d, compatible ::a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4).
create function private.is_metadata_host(host text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  literal inet;
  w integer[];
  embedded bigint;
  name text;
begin
  if host is null or host = '' then
    return false;
  end if;

  if pg_catalog.left(host, 1) = '[' then
    begin
      literal := pg_catalog.btrim(host, '[]')::inet;
    exception
      when invalid_text_representation then
        return false;
    end;
    if exists (select 1 from private.cloud_metadata_hosts() m where m.kind = 'ipv6' and m.address::inet = literal) then
      return true;
    end if;
    w := private.ipv6_words(literal);
    if w[1] = 0 and w[2] = 0 and w[3] = 0 and w[4] = 0 and w[5] = 0 and w[6] in (0, 65535) then
      embedded := (w[7]::bigint << 16) | w[8]; -- mapped, compatible
    elsif w[1] = 0 and w[2] = 0 and w[3] = 0 and w[4] = 0 and w[5] = 65535 and w[6] = 0 then
      embedded := (w[7]::bigint << 16) | w[8]; -- translated
    elsif w[1] = 100 and w[2] = 65435 and w[3] = 0 and w[4] = 0 and w[5] = 0 and w[6] = 0 then
      embedded := (w[7]::bigint << 16) | w[8]; -- NAT64 well-known prefix 64:ff9b::/96
    elsif w[1] = 8194 then
      embedded := (w[2]::bigint << 16) | w[3]; -- 6to4, 2002::/16
    end if;
    if embedded is null then
      return false;
    end if;
    host := pg_catalog.format('%s.%s.%s.%s', (embedded >> 24) & 255, (embedded >> 16) & 255, (embedded >> 8) & 255, embedded & 255);
  end if;

  if host ~ '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' then
    return exists (select 1 from private.cloud_metadata_hosts() m where m.kind = 'ipv4' and m.address = host);
  end if;

  name := pg_catalog.regexp_replace(pg_catalog.lower(host), '\.+$', '');
  return exists (
    select 1
      from private.cloud_metadata_hosts() m
     where m.kind = 'name'
       and (m.address = name
            or (pg_catalog.strpos(m.address, '.') > 0 and pg_catalog.right(name, pg_catalog.length(m.address) + 1) = '.' || m.address))
  );
end;
$$;
comment on function private.is_metadata_host(text) is
  'True when a host (as private.url_host returns it) is a cloud metadata name or address, or an IPv6 form embedding a metadata IPv4 address. Mirrors isMetadataHost in supabase/functions/_shared/core/metadata.ts.';

create function private.metadata_host_in_url(url text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select h.host from (select private.url_host(url) as host) h where private.is_metadata_host(h.host);
$$;
comment on function private.metadata_host_in_url(text) is
  'The host of a URL when it is a cloud metadata service (as the URL parser reads it, e.g. 169.254.169.254 for http://0xa9fea9fe), otherwise null.';

-- ---------------------------------------------------------------------------------------------
-- Rows saved before this migration: turned off, with a health check that says why.
-- ---------------------------------------------------------------------------------------------
insert into public.health_checks (owner_id, connection_id, status, error, error_code, source)
select c.owner_id, c.id, 'unhealthy',
       pg_catalog.format(
         'Turned off: %s is a cloud metadata address, which Switchboard never connects to. Change the base URL to your model server''s address, or delete this connection.',
         private.metadata_host_in_url(c.base_url)),
       'blocked_address', 'server'
  from public.connections c
 where private.metadata_host_in_url(c.base_url) is not null;

update public.connections c
   set enabled = false
 where c.enabled
   and private.metadata_host_in_url(c.base_url) is not null;

-- ---------------------------------------------------------------------------------------------
-- connections: refuse a metadata base URL on insert, when the base URL changes, and when such a
-- connection is turned on. Other updates (caches, turning it off, renaming) leave old rows be.
-- The error names connections_base_url_not_metadata so the app can put its sentence next to the
-- base URL field. BEFORE triggers run in name order: after prepare_connection filled base_url.
-- Security definer because the parsing functions live in private, which the API roles cannot
-- reach; it reads only the new row's base_url.
-- ---------------------------------------------------------------------------------------------
create function private.refuse_metadata_base_url()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  metadata_host text := private.metadata_host_in_url(new.base_url);
begin
  if metadata_host is null then
    return new;
  end if;
  if tg_op = 'UPDATE' and new.base_url is not distinct from old.base_url and not (new.enabled and not old.enabled) then
    return new;
  end if;
  raise exception using
    errcode = 'check_violation',
    constraint = 'connections_base_url_not_metadata',
    message = pg_catalog.format(
      '%s is a cloud metadata address: it hands out the credentials of the machine it runs on, so no connection may point at it. Use the address of your model server.',
      metadata_host),
    detail = 'Refused by connections_base_url_not_metadata (the host is on the list in private.cloud_metadata_hosts()).',
    hint = 'Set base_url to the address of the model server.';
end;
$$;
comment on function private.refuse_metadata_base_url() is
  'BEFORE INSERT/UPDATE trigger on connections: refuses a base_url whose host is a cloud metadata service in any spelling (connections_base_url_not_metadata), on insert, when base_url changes and when such a connection is turned on.';

create trigger refuse_metadata_base_url
  before insert or update of base_url, enabled on public.connections
  for each row execute function private.refuse_metadata_base_url();

-- ---------------------------------------------------------------------------------------------
-- provider_kinds: a default base URL is what new connections start from. The catalogue is written
-- only by migrations and administrators (no API role may write it), so a check constraint works.
-- ---------------------------------------------------------------------------------------------
alter table public.provider_kinds
  add constraint provider_kinds_default_base_url_not_metadata
  check (private.metadata_host_in_url(default_base_url) is null);

comment on column public.connections.base_url is
  'http(s) base URL without credentials, e.g. http://localhost:11434. Defaults to the kind''s default_base_url when omitted. Never a cloud metadata address, in any spelling (refused by the refuse_metadata_base_url trigger).';
comment on column public.provider_kinds.default_base_url is
  'Base URL prefilled when creating a connection of this kind (scheme, host, optional port and prefix; no trailing slash). Null when the user must supply it. Never a cloud metadata address.';

revoke execute on all functions in schema private from public, anon, authenticated;
