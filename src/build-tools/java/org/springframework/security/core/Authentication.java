package org.springframework.security.core;

/**
 * Stand-in for Spring Security's Authentication (shipped in jenkins.war), only passed through to the
 * credentials API. Never shipped: the plugin jar includes only io/jenkins/plugins/codybatch/**.
 */
public interface Authentication {}
