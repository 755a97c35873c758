package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackHostFilterTest {

    @Test
    void loopbackNamesAreLocalModes() {
        assertThat(LoopbackHostFilter.isLoopbackName("localhost")).isTrue();
        assertThat(LoopbackHostFilter.isLoopbackName("LOCALHOST")).isTrue();
        assertThat(LoopbackHostFilter.isLoopbackName("127.0.0.1")).isTrue();
        assertThat(LoopbackHostFilter.isLoopbackName("127.1.2.3")).isTrue();
        assertThat(LoopbackHostFilter.isLoopbackName("[::1]")).isTrue();
    }

    @Test
    void aRebindingSitesNameIsNot() {
        // a page on another site whose name was made to point at 127.0.0.1 sends its own name as the Host
        assertThat(LoopbackHostFilter.isLoopbackName("evil.example")).isFalse();
        assertThat(LoopbackHostFilter.isLoopbackName("localhost.evil.example")).isFalse();
        assertThat(LoopbackHostFilter.isLoopbackName("127.0.0.1.evil.example")).isFalse();
        assertThat(LoopbackHostFilter.isLoopbackName("192.168.1.10")).isFalse();
        assertThat(LoopbackHostFilter.isLoopbackName(null)).isFalse();
    }
}
