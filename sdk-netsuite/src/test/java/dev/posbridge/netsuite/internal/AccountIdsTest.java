package dev.posbridge.netsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccountIdsTest {

  @Test
  void sandboxAccountMapsToLowerCaseHyphenHostAndKeepsRealmForm() {
    assertThat(AccountIds.host("1234567_SB1")).isEqualTo("1234567-sb1");
    assertThat(AccountIds.realm("1234567_SB1")).isEqualTo("1234567_SB1");
    assertThat(AccountIds.realm("1234567-sb1")).isEqualTo("1234567_SB1");
    assertThat(AccountIds.baseUrl("1234567_SB1")).isEqualTo("https://1234567-sb1.suitetalk.api.netsuite.com");
  }

  @Test
  void otherAccountFormsFollowTheSameRule() {
    assertThat(AccountIds.host("TSTDRV2345678")).isEqualTo("tstdrv2345678");
    assertThat(AccountIds.host("1234567_RP")).isEqualTo("1234567-rp");
    assertThat(AccountIds.realm("1234567")).isEqualTo("1234567");
  }

  @Test
  void rejectsIdsWithOtherCharacters() {
    assertThatThrownBy(() -> AccountIds.check("1234567.SB1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccountIds.check("")).isInstanceOf(IllegalArgumentException.class);
  }
}
