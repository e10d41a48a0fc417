package io.mcpconfig.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} request parameter whose value is a comma-separated list, so that
 * naming it twice on a change means both lists ({@code selector=a=1&selector=b=2}, as
 * {@code mcpctl --selector} repeats it). Any other parameter named twice on a change is
 * refused: the center would have to guess which value was meant.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ListParameter {

}
