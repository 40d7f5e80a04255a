#!/usr/bin/env bash
# Migrates code written against posbridge before round 4 to the round 4 names (see CHANGELOG.md,
# "Round 4"). Run it on your own sources, review the diff, then compile:
#
#   tools/rename-round4.sh src/            # one or more directories (default: the current one)
#
# Rewritten in every *.java, *.kt and *.md file below the given directories:
#
#   CustomerConnector   findByEmail -> findCustomerByEmail     findByPhone -> findCustomerByPhone
#                       findByRef   -> findCustomerByRef       create      -> createCustomer
#                       update      -> updateCustomer          upsert      -> upsertCustomer
#   CatalogConnector    items()     -> catalogItems()          findBySku   -> findCatalogItemBySku
#   InventoryConnector  applyChanges -> applyStockChanges      maxChangesPerCall -> maxStockChangesPerCall
#   SaleLookup          sale(ref)   -> findSale(ref)           refundsOf   -> refundsOfSale
#   NetSuiteConnector   findByBarcode -> findCatalogItemByBarcode
#   QuickBooks          AccountingMapping -> QuickBooksMapping
#
# The distinctive names (findByEmail, applyChanges, AccountingMapping, ...) are rewritten
# wherever they appear as a whole word. The short ones (create, update, upsert, items, sale) are
# too common to rewrite blindly: the script rewrites them where a connector implements them
# (the declarations `Customer create(Customer ...`, `PagedIterable<CatalogItem> items()`,
# `Optional<Sale> sale(ExternalRef ...`, `CustomerConnector.super.upsert(`) and then lists the
# remaining calls for you to check; the compiler names every one it cannot resolve.
#
# Not rewritten (moves, not renames; the compiler points at them):
#   NetSuiteMapping.builder().idMap(m) / .lookUpSkus(b)  -> NetSuiteConnector.builder().idMap(m) / .resolveSkus(b)
#   QuickBooksBenchHooks.sleeper(b, s) / ShopifyBenchHooks.sleeper(b, s)  -> b.sleeper(s)
#
# Idempotent: running it again on migrated code changes nothing.
set -euo pipefail

dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(.)

mapfile -d '' files < <(find "${dirs[@]}" \( -name target -o -name build -o -name .git \) -prune -o \
  -type f \( -name '*.java' -o -name '*.kt' -o -name '*.md' \) -print0)
[ ${#files[@]} -gt 0 ] || { echo "rename-round4: no sources found" >&2; exit 0; }

changed=0
for f in "${files[@]}"; do
  before=$(cksum < "$f")
  sed -i -E \
    -e 's/\bfindByEmail\b/findCustomerByEmail/g' \
    -e 's/\bfindByPhone\b/findCustomerByPhone/g' \
    -e 's/\bfindByRef\b/findCustomerByRef/g' \
    -e 's/\bfindBySku\b/findCatalogItemBySku/g' \
    -e 's/\bfindByBarcode\b/findCatalogItemByBarcode/g' \
    -e 's/\bapplyChanges\b/applyStockChanges/g' \
    -e 's/\bmaxChangesPerCall\b/maxStockChangesPerCall/g' \
    -e 's/\brefundsOf\b/refundsOfSale/g' \
    -e 's/\bAccountingMapping\b/QuickBooksMapping/g' \
    -e 's/\bCustomer create\(Customer\b/Customer createCustomer(Customer/g' \
    -e 's/\bCustomer update\(Customer\b/Customer updateCustomer(Customer/g' \
    -e 's/\bCustomer upsert\(Customer\b/Customer upsertCustomer(Customer/g' \
    -e 's/\bCustomerConnector\.super\.upsert\(/CustomerConnector.super.upsertCustomer(/g' \
    -e 's/\bPagedIterable<CatalogItem> items\(\)/PagedIterable<CatalogItem> catalogItems()/g' \
    -e 's/\bOptional<Sale> sale\(ExternalRef\b/Optional<Sale> findSale(ExternalRef/g' \
    -e 's/(CustomerConnector|CatalogConnector|SaleLookup)#(create|update|upsert|items|sale)\b/\1#\2__ROUND4__/g' \
    -e 's/#create__ROUND4__/#createCustomer/g; s/#update__ROUND4__/#updateCustomer/g' \
    -e 's/#upsert__ROUND4__/#upsertCustomer/g; s/#items__ROUND4__/#catalogItems/g; s/#sale__ROUND4__/#findSale/g' \
    "$f"
  [ "$before" = "$(cksum < "$f")" ] || changed=$((changed + 1))
done
echo "rename-round4: ${#files[@]} file(s) read, $changed rewritten"

echo "rename-round4: calls to check by hand (rename those on a connector; leave the others):"
grep -n -E '\.(create|update|upsert)\([^)]*(Customer|customer)|\.items\(\)|\.sale\(' \
  "${files[@]}" 2>/dev/null | grep -v -E '\.md:' || echo "  none"
