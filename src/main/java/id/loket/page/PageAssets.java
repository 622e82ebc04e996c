package id.loket.page;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The payment page's style and script, served by the hub from {@code static/page/assets/}. The page
 * links them under a name that carries their content's hash ({@code page-<md5>.css}), so a browser
 * may keep them for a year and still gets the new file the moment it changes. They hold nothing of
 * an order, so unlike the page itself ({@code no-store}) they may be cached by anyone.
 */
@Configuration(proxyBeanMethods = false)
class PageAssets implements WebMvcConfigurer {

    static final String PATTERN = "/page/assets/**";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PATTERN)
                .addResourceLocations("classpath:/static/page/assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
    }
}
